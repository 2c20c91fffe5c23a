// plateau::amplicon merge: paired-read merging with vsearch 2.22.1 --fastq_mergepairs semantics
// (same overlap search, posterior qualities, failure reasons and defaults), per sample, with
// FROGS' "combined" reads for pairs that do not merge (--keep-unmerged). Included from api.hpp.
#pragma once

#include "core/progress.hpp"

#include <array>
#include <cfloat>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

struct PairedSample {
    std::string name;  // empty: one unnamed pair of files, labels kept as in the input (vsearch)
    std::string read1, read2;
};

// Why a pair did not merge, in the order vsearch 2.22.1 prints the reasons.
enum class MergeFailure : std::uint8_t {
    too_short,          // "reads too short (after truncation)"
    too_long,           // "reads too long (after truncation)"
    too_many_ns,        // "too many N's"
    no_kmers,           // "too few kmers found on same diagonal"
    repeat,             // "multiple potential alignments"
    too_many_diffs,     // "too many differences"
    diff_pct_too_high,  // "too high percentage of differences"
    score_too_low,      // "alignment score too low, or score drop too high"
    overlap_too_short,  // "overlap too short"
    ee_too_high,        // "expected error too high"
    merged_too_short,   // "merged fragment too short"
    merged_too_long,    // "merged fragment too long"
    staggered,          // "staggered read pairs"
};
inline constexpr std::size_t k_merge_failure_kinds = 13;
[[nodiscard]] std::string_view failure_description(MergeFailure failure);  // vsearch's wording
[[nodiscard]] std::string_view failure_key(MergeFailure failure);          // JSON key: "too_short", ...

struct MergeOptions {
    std::vector<PairedSample> samples;  // processed in this order into the same outputs
    std::string fastq_out, fasta_out;   // merged (and combined) reads; ".gz" names are compressed
    std::string notmerged_fwd_fastq, notmerged_rev_fastq, notmerged_fwd_fasta, notmerged_rev_fasta;
    std::string ee_tabbed_out;  // --eetabbedout: ee fwd, ee rev, errors fwd, errors rev per merged pair
    // Labels. Named samples: "<name>.<ordinal>;sample=<name>" unless keep_labels (vsearch's
    // --relabel <name>. --sample <name>). An unnamed pair: `relabel` prefix + ordinal if given.
    std::string relabel;
    bool keep_labels = false;
    // vsearch's --fastq_* merging parameters, same defaults.
    int ascii = 33, qmin = 0, qmax = 41, qminout = 0, qmaxout = 41;
    std::int64_t min_overlap = 10, max_diffs = 10, min_merge_len = 0, max_merge_len = 1000000;
    double max_diff_pct = 100.0, max_ee = DBL_MAX;
    std::int64_t trunc_qual = std::numeric_limits<std::int64_t>::min();  // off
    std::int64_t min_len = 1, max_len = std::numeric_limits<std::int64_t>::max();
    std::int64_t max_ns = std::numeric_limits<std::int64_t>::max();
    bool allow_stagger = false;  // --fastq_allowmergestagger (--fastq_nostagger: the default)
    // FROGS --keep-unmerged: R1 + spacer of N (quality Q0) + reverse complement of R2, labelled
    // "<id>_FROGS_combined", written with the merged reads in input order.
    bool keep_unmerged = false;
    std::size_t spacer_length = 100;
    std::size_t fasta_width = 80;  // vsearch --fasta_width (0: one line)
    int compression = 4;           // gzip level of .gz outputs (libdeflate 1-12)
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;  // pairs done, on stderr
};

struct MergeCounts {
    std::uint64_t pairs = 0, merged = 0, not_merged = 0, combined = 0;
    std::array<std::uint64_t, k_merge_failure_kinds> failures{};
    // For vsearch's "Statistics of all reads / merged reads", summed in input order.
    double sum_read_length = 0, sum_fragment_length = 0, sum_squared_fragment_length = 0;
    double sum_ee_fwd = 0, sum_ee_rev = 0, sum_ee_merged = 0;
    std::uint64_t sum_errors_fwd = 0, sum_errors_rev = 0;
    [[nodiscard]] std::uint64_t failed(MergeFailure f) const { return failures[static_cast<std::size_t>(f)]; }
    void add(const MergeCounts& other);
};

struct SampleMergeCounts {
    std::string name;
    MergeCounts counts;
};

struct MergeSummary {
    std::vector<SampleMergeCounts> samples;
    MergeCounts total;
};

void validate(const MergeOptions& options);
MergeSummary run_merge(const MergeOptions& options);

// vsearch's end-of-run statistics text, from "<pairs>  Pairs" to the last mean.
[[nodiscard]] std::string format_merge_statistics(const MergeCounts& counts);
// The JSON report (run envelope, "merge": totals and per-sample counts by failure key).
inline constexpr int k_merge_report_schema = 1;
[[nodiscard]] std::string merge_report_json(const MergeSummary& summary, const std::string& command_line,
                                            double wall_seconds);

}  // namespace plateau::amplicon
