// JSON reports of the primers and filter steps: the run envelope (core/report/run_envelope.hpp)
// and one section with the options that matter and the counts (docs/amplicon.md, "JSON reports").
#pragma once

#include "amplicon/filter_api.hpp"
#include "amplicon/primers_api.hpp"

#include <string>

namespace plateau::amplicon {

inline constexpr int k_step_report_schema_version = 1;

[[nodiscard]] std::string primers_report_json(const PrimerOptions& options, const PrimerSummary& summary,
                                              double wall_seconds);
[[nodiscard]] std::string filter_report_json(const FilterOptions& options, const FilterSummary& summary,
                                             double wall_seconds);

}  // namespace plateau::amplicon
