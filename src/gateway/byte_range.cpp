#include "gateway/byte_range.hpp"

#include "gateway/text.hpp"

#include <charconv>
#include <optional>

namespace plateau::gateway {
namespace {

std::optional<std::uint64_t> number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

}  // namespace

RangeRequest parse_range(std::string_view header, std::uint64_t size) {
    RangeRequest whole;
    header = trim(header);
    constexpr std::string_view unit = "bytes=";
    if (header.size() <= unit.size() || header.substr(0, unit.size()) != unit) return whole;
    const std::string_view spec = trim(header.substr(unit.size()));
    if (spec.find(',') != std::string_view::npos) return whole;
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return whole;
    const std::string_view a = trim(spec.substr(0, dash));
    const std::string_view b = trim(spec.substr(dash + 1));
    RangeRequest r;
    r.kind = RangeRequest::Kind::partial;
    if (a.empty()) {  // suffix: the last N bytes
        const auto n = number(b);
        if (!n) return whole;
        if (*n == 0 || size == 0) return {RangeRequest::Kind::unsatisfiable, 0, 0};
        r.first = *n >= size ? 0 : size - *n;
        r.last = size - 1;
        return r;
    }
    const auto first = number(a);
    if (!first) return whole;
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!b.empty()) {
        const auto parsed = number(b);
        if (!parsed || *parsed < *first) return whole;
        last = std::min(*parsed, last);
    }
    if (*first >= size) return {RangeRequest::Kind::unsatisfiable, 0, 0};
    r.first = *first;
    r.last = last;
    return r;
}

}  // namespace plateau::gateway
