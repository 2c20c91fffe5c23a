// Small text helpers for what the gateway parses (Slurm's output, the job completion log, HTTP
// fields, Range headers): whole-string integers, splitting, trimming. Views only, no copies.
#pragma once

#include <charconv>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway {

// The decimal integer `text` is, all of it (no sign but '-', no spaces), or nullopt.
[[nodiscard]] inline std::optional<long long> parse_integer(std::string_view text) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// `text` without the leading and trailing characters in `blanks`.
[[nodiscard]] inline std::string_view trim(std::string_view text, std::string_view blanks = " \t") {
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// The pieces between separators (n separators give n + 1 pieces, empty ones kept).
[[nodiscard]] inline std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

// The whitespace-separated words of `text`.
[[nodiscard]] inline std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

}  // namespace plateau::gateway
