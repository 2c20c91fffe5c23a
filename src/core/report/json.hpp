// JSON helpers shared by every tool's report and by the gateway: one compact serialisation, and
// accessors that tolerate missing keys and wrong types (a report renderer reads what is there and
// leaves out what is not, instead of failing on an older or partial report).
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::core {

/// Compact one-line JSON; invalid UTF-8 in strings becomes U+FFFD instead of throwing.
[[nodiscard]] std::string dump_json(const nlohmann::json& value);

/// The member `key` of `j`, or nullptr when `j` is null, not an object or has no such key.
[[nodiscard]] const nlohmann::json* json_child(const nlohmann::json* j, std::string_view key);

/// json_child applied key by key from `root`; nullptr as soon as one is missing.
[[nodiscard]] const nlohmann::json* json_path(const nlohmann::json& root, std::initializer_list<std::string_view> keys);

/// The number at `j`, or `fallback` (NaN unless given) when it is missing or not a number.
[[nodiscard]] double json_number(const nlohmann::json* j, double fallback = std::numeric_limits<double>::quiet_NaN());

/// The array at `j` as doubles (non-numbers become NaN); empty when it is not an array.
[[nodiscard]] std::vector<double> json_numbers(const nlohmann::json* j);

/// A string as is, any other value as compact JSON, missing or null as "".
[[nodiscard]] std::string json_text(const nlohmann::json* j);

}  // namespace plateau::core
