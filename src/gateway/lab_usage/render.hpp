// The lab usage report as JSON (schema "plateau-lab-usage", version 1; docs/gateway.md) and as
// one CSV per lab (RFC 4180) for a greenhouse-gas spreadsheet.
#pragma once

#include "gateway/lab_usage/report.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway::lab_usage {

inline constexpr int k_schema_version = 1;

[[nodiscard]] nlohmann::json to_json(const UsageSummary& summary);

// One field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled).
[[nodiscard]] std::string csv_field(std::string_view text);
// A header line, then per year a row for the lab ("login" = "*") and one per login; CRLF line ends.
[[nodiscard]] std::string lab_csv(const LabReport& lab, const EnergyFactors& factors);

}  // namespace plateau::gateway::lab_usage

namespace plateau::gateway::lab_usage {

// Writes the JSON to `json_file` ("-": standard output) and `<csv_dir>/<lab>.csv` per lab (when
// csv_dir is not empty), each file atomically. Returns the paths written.
std::vector<std::string> write_outputs(const UsageSummary& summary, const std::string& json_file, const std::string& csv_dir);

}  // namespace plateau::gateway::lab_usage
