// Merge counts: names of the failure reasons and vsearch 2.22.1's end-of-run statistics text
// (same lines, order and number formats, so the two can be compared line for line).
#include "amplicon/merge_api.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace plateau::amplicon {

namespace {

struct FailureName {
    std::string_view key, description;
};

// Indexed by MergeFailure.
constexpr std::array<FailureName, k_merge_failure_kinds> k_failure_names{{
    {"too_short", "reads too short (after truncation)"},
    {"too_long", "reads too long (after truncation)"},
    {"too_many_ns", "too many N's"},
    {"no_kmers", "too few kmers found on same diagonal"},
    {"repeat", "multiple potential alignments"},
    {"too_many_diffs", "too many differences"},
    {"diff_pct_too_high", "too high percentage of differences"},
    {"score_too_low", "alignment score too low, or score drop too high"},
    {"overlap_too_short", "overlap too short"},
    {"ee_too_high", "expected error too high"},
    {"merged_too_short", "merged fragment too short"},
    {"merged_too_long", "merged fragment too long"},
    {"staggered", "staggered read pairs"},
}};

void line(std::string& out, const char* format, auto... values) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, format, values...);
    out += buffer;
}

void merged_statistics(std::string& out, const MergeCounts& c) {
    const auto merged = static_cast<double>(c.merged);
    const double mean = c.sum_fragment_length / merged;
    const double stdev =
        std::sqrt((c.sum_squared_fragment_length - 2.0 * mean * c.sum_fragment_length + mean * mean * merged) / merged);
    out += "\nStatistics of merged reads:\n";
    line(out, "%10.2f  Mean fragment length\n", mean);
    line(out, "%10.2f  Standard deviation of fragment length\n", stdev);
    line(out, "%10.2f  Mean expected error in forward sequences\n", c.sum_ee_fwd / merged);
    line(out, "%10.2f  Mean expected error in reverse sequences\n", c.sum_ee_rev / merged);
    line(out, "%10.2f  Mean expected error in merged sequences\n", c.sum_ee_merged / merged);
    line(out, "%10.2f  Mean observed errors in merged region of forward sequences\n",
         1.0 * static_cast<double>(c.sum_errors_fwd) / merged);
    line(out, "%10.2f  Mean observed errors in merged region of reverse sequences\n",
         1.0 * static_cast<double>(c.sum_errors_rev) / merged);
    line(out, "%10.2f  Mean observed errors in merged region\n",
         1.0 * static_cast<double>(c.sum_errors_fwd + c.sum_errors_rev) / merged);
}

}  // namespace

std::string_view failure_description(MergeFailure f) { return k_failure_names[static_cast<std::size_t>(f)].description; }
std::string_view failure_key(MergeFailure f) { return k_failure_names[static_cast<std::size_t>(f)].key; }

void MergeCounts::add(const MergeCounts& o) {
    pairs += o.pairs, merged += o.merged, not_merged += o.not_merged, combined += o.combined;
    for (std::size_t k = 0; k < failures.size(); ++k) failures[k] += o.failures[k];
    sum_read_length += o.sum_read_length, sum_fragment_length += o.sum_fragment_length;
    sum_squared_fragment_length += o.sum_squared_fragment_length;
    sum_ee_fwd += o.sum_ee_fwd, sum_ee_rev += o.sum_ee_rev, sum_ee_merged += o.sum_ee_merged;
    sum_errors_fwd += o.sum_errors_fwd, sum_errors_rev += o.sum_errors_rev;
}

std::string format_merge_statistics(const MergeCounts& c) {
    std::string out;
    const auto total = static_cast<double>(c.pairs);
    line(out, "%10" PRIu64 "  Pairs\n", c.pairs);
    line(out, "%10" PRIu64 "  Merged", c.merged);
    if (c.pairs > 0) line(out, " (%.1lf%%)", 100.0 * static_cast<double>(c.merged) / total);
    out += "\n";
    line(out, "%10" PRIu64 "  Not merged", c.not_merged);
    if (c.pairs > 0) line(out, " (%.1lf%%)", 100.0 * static_cast<double>(c.not_merged) / total);
    out += "\n";
    if (c.not_merged > 0) out += "\nPairs that failed merging due to various reasons:\n";
    for (std::size_t k = 0; k < k_merge_failure_kinds; ++k) {
        if (c.failures[k] == 0) continue;
        line(out, "%10" PRIu64 "  ", c.failures[k]);
        out.append(k_failure_names[k].description).append("\n");
    }
    out += "\n";
    if (c.pairs > 0) {
        out += "Statistics of all reads:\n";
        line(out, "%10.2f  Mean read length\n", c.sum_read_length / (2.0 * total));
    }
    if (c.merged > 0) merged_statistics(out, c);
    return out;
}

}  // namespace plateau::amplicon
