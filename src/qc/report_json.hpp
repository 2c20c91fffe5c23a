// The JSON report: fastp 0.23.2's keys (so MultiQC's fastp module reads it as is) plus a
// versioned "plateau" section. The schema is documented in docs/qc-report.md.
#pragma once

#include "qc/api.hpp"
#include "qc/batch.hpp"
#include "qc/duplication.hpp"
#include "qc/plan.hpp"

#include <nlohmann/json.hpp>

namespace plateau::qc {

inline constexpr int k_report_schema_version = 2;

struct ReportInputs {
    const QcOptions& options;
    const QcPlan& plan;
    const WorkerTotals& totals;
    const DuplicationCounter& duplication;
    const std::vector<ModuleResult>& fastqc1;  // FastQC modules of read 1 (read 2: empty for single-end)
    const std::vector<ModuleResult>& fastqc2;
    double wall_seconds = 0;
};

[[nodiscard]] nlohmann::json build_json_report(const ReportInputs& inputs);

// Per-file section in fastp's layout (quality/content curves, k-mers) from ReadStats.
[[nodiscard]] nlohmann::json fastp_read_section(const ReadStats& stats);

}  // namespace plateau::qc
