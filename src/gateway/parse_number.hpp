// Whole-string number parsing for text from Slurm and configuration files.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>

namespace plateau::gateway {

// The decimal integer `text` is, all of it (no sign but '-', no spaces), or nullopt.
[[nodiscard]] inline std::optional<long long> parse_integer(std::string_view text) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace plateau::gateway
