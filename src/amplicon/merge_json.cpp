// The merge JSON report: the run envelope and, under "merge", the totals and each sample's counts
// (pairs, merged, not_merged, combined and one key per failure reason).
#include "amplicon/merge_api.hpp"

#include "core/report/json.hpp"
#include "core/report/run_envelope.hpp"

namespace plateau::amplicon {

namespace {

nlohmann::json counts_json(const MergeCounts& c) {
    nlohmann::json failures = nlohmann::json::object();
    for (std::size_t k = 0; k < k_merge_failure_kinds; ++k)
        failures[std::string(failure_key(static_cast<MergeFailure>(k)))] = c.failures[k];
    const double merged = c.merged > 0 ? static_cast<double>(c.merged) : 1.0;
    return {{"pairs", c.pairs},
            {"merged", c.merged},
            {"not_merged", c.not_merged},
            {"combined", c.combined},
            {"failures", failures},
            {"mean_fragment_length", c.sum_fragment_length / merged},
            {"mean_expected_errors_merged", c.sum_ee_merged / merged}};
}

}  // namespace

std::string merge_report_json(const MergeSummary& summary, const std::string& command_line, double wall_seconds) {
    nlohmann::json report = nlohmann::json::object();
    nlohmann::json samples = nlohmann::json::array();
    for (const SampleMergeCounts& s : summary.samples) {
        nlohmann::json entry = counts_json(s.counts);
        entry["sample"] = s.name;
        samples.push_back(std::move(entry));
    }
    report["merge"] = {{"total", counts_json(summary.total)}, {"samples", samples}};
    core::write_run_envelope(report, core::make_run_envelope("plateau-amplicon", k_merge_report_schema, command_line,
                                                             wall_seconds));
    return core::dump_json(report);
}

}  // namespace plateau::amplicon
