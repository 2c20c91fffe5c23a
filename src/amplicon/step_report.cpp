// JSON reports of the primers and filter steps.
#include "amplicon/step_report.hpp"

#include "core/report/run_envelope.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace plateau::amplicon {
namespace {

std::string finish(nlohmann::json& report, const std::string& command_line, double wall_seconds) {
    core::write_run_envelope(report, core::make_run_envelope("plateau-amplicon", k_step_report_schema_version,
                                                             command_line, wall_seconds));
    return report.dump(1) + "\n";
}

// "no limit" is written as null.
nlohmann::json limit(std::uint64_t value) {
    if (value == std::numeric_limits<std::uint64_t>::max()) return nullptr;
    return value;
}

}  // namespace

std::string primers_report_json(const PrimerOptions& o, const PrimerSummary& s, double wall_seconds) {
    nlohmann::json report;
    report["primers"] = {
        {"input", o.input}, {"output", o.output}, {"five_prime", o.five_prime}, {"three_prime", o.three_prime},
        {"error_rate", o.error_rate}, {"overlap", o.overlap}, {"match_read_wildcards", o.read_wildcards},
        {"keep_untrimmed", o.keep_untrimmed}, {"reads", s.reads}, {"bases", s.bases},
        {"with_five_prime", s.with_five_prime}, {"with_three_prime", s.with_three_prime},
        {"discarded_no_five_prime", s.discarded_no_five_prime}, {"discarded_no_three_prime", s.discarded_no_three_prime},
        {"written", s.written}, {"bases_written", s.bases_written}};
    return finish(report, o.command_line, wall_seconds);
}

std::string filter_report_json(const FilterOptions& o, const FilterSummary& s, double wall_seconds) {
    nlohmann::json report;
    report["filter"] = {
        {"input", o.input}, {"output", o.output}, {"min_length", o.min_length}, {"max_length", limit(o.max_length)},
        {"max_ns", limit(o.max_ns)}, {"max_ee", std::isfinite(o.max_ee) ? nlohmann::json(o.max_ee) : nlohmann::json()},
        {"reads", s.reads}, {"bases", s.bases}, {"too_short", s.too_short}, {"too_long", s.too_long},
        {"too_many_ns", s.too_many_ns}, {"too_many_expected_errors", s.too_many_errors}, {"written", s.written},
        {"bases_written", s.bases_written}};
    return finish(report, o.command_line, wall_seconds);
}

}  // namespace plateau::amplicon
