// Self-contained HTML report for plateau-qc, rendered from the JSON report
// (fastp 0.23.2-compatible keys plus the "plateau" section).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace plateau::qc {

/// Renders one HTML page that needs no network: no scripts, fonts or style
/// sheets are referenced, all plots are inline SVG and all text taken from
/// the report or the title is escaped. Missing keys (read2_*, insert_size,
/// adapter_cutting, the "plateau" section, ...) leave out the matching
/// sections instead of failing. The output is well-formed XML (XHTML syntax).
[[nodiscard]] std::string render_html_report(const nlohmann::json& report, const std::string& title);

}  // namespace plateau::qc
