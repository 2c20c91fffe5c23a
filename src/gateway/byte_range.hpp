// HTTP Range requests (RFC 9110 §14) for resumable downloads: one byte range per request.
// Multiple ranges and malformed headers are ignored (the whole file is sent), as the RFC allows.
#pragma once

#include <cstdint>
#include <string_view>

namespace plateau::gateway {

struct RangeRequest {
    enum class Kind { whole, partial, unsatisfiable } kind = Kind::whole;
    std::uint64_t first = 0;  // inclusive
    std::uint64_t last = 0;   // inclusive
};

[[nodiscard]] RangeRequest parse_range(std::string_view header, std::uint64_t size);

}  // namespace plateau::gateway
