// Connects plateau-qc's statistics to the FastQC modules: the per-position tables, length and
// mean-quality distributions come from ReadStats (already counted for the fastp report); only GC
// and adapter first hits need their own per-read pass, and the ordered sequence tracker is fed
// in input order by the pipeline's consume stage.
#pragma once

#include "qc/contaminants.hpp"
#include "qc/fastqc_modules.hpp"
#include "qc/read_stats.hpp"

#include <nlohmann/json.hpp>

namespace plateau::qc {

// Completes `extras` (gc_hist, adapter_hist, sequences filled during the run) with the tables
// derived from `raw` (statistics of the reads before any trimming) and runs the modules.
// The overrepresented sequences get their possible source from `contaminants`.
[[nodiscard]] std::vector<ModuleResult> fastqc_results(const ReadStats& raw, FastqcInput extras,
                                                       const std::vector<Contaminant>& contaminants);

// JSON for the report's "plateau" section: module verdicts with their values.
[[nodiscard]] nlohmann::json fastqc_json(const std::vector<ModuleResult>& modules);

}  // namespace plateau::qc
