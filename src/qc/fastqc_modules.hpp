// FastQC 0.11.9 analysis modules and their pass/warn/fail verdicts, computed from counts (no I/O).
// Producer contract, per read, sequence and quality as in the file (Phred+33, any letter case):
//   fastqc_count_read(input, seq, qual);   order-free: per-thread inputs may be merged with fastqc_merge_counts
//   input.sequences.add(seq);              order-dependent: every read, in input order, from one thread
// Per tile sequence quality: fill input.tiles (fastqc_tiles.hpp) for the reads FastQC samples.
// Not implemented: "Kmer Content" (off in FastQC's limits.txt).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qc/fastqc_tiles.hpp"

namespace plateau::qc {

inline constexpr int k_fastqc_max_phred = 93;  // '~' in Phred+33
inline constexpr std::size_t k_fastqc_adapter_count = 5;
inline constexpr std::size_t k_fastqc_adapter_length = 12;

struct FastqcAdapter {
    std::string_view name;
    std::string_view sequence;
};
// FastQC's Configuration/adapter_list.txt, in file order.
inline constexpr std::array<FastqcAdapter, k_fastqc_adapter_count> k_fastqc_adapters{{
    {"Illumina Universal Adapter", "AGATCGGAAGAG"},
    {"Illumina Small RNA 3' Adapter", "TGGAATTCTCGG"},
    {"Illumina Small RNA 5' Adapter", "GATCGTCGGACT"},
    {"Nextera Transposase Sequence", "CTGTCTCTTATA"},
    {"SOLID Small RNA Adapter", "CGCCTTGGCCGT"},
}};

// The order-dependent part of the input (FastQC's OverRepresentedSeqs bookkeeping): the first
// `unique_limit` distinct upper-cased sequences (reads over 75 bp cut to their first 50 bp) with counts.
class FastqcSequenceTracker {
public:
    struct Entry {
        std::string sequence;
        std::uint64_t count = 0;
    };
    FastqcSequenceTracker() = default;
    explicit FastqcSequenceTracker(std::size_t unique_limit) : m_unique_limit(unique_limit) {}
    void add(std::string_view seq);
    [[nodiscard]] std::uint64_t total_count() const noexcept { return m_total; }
    [[nodiscard]] std::uint64_t count_at_unique_limit() const noexcept { return m_count_at_limit; }
    [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return m_entries; }  // first-seen order
    // Reads that are exactly one adapter, seen before any read longer than 12 bp: FastQC misses them.
    [[nodiscard]] const std::array<std::uint64_t, k_fastqc_adapter_count>& early_adapter_reads() const noexcept {
        return m_early_adapter_reads;
    }

private:
    std::size_t m_unique_limit = 100000;  // FastQC's OBSERVATION_CUTOFF
    std::uint64_t m_total = 0;
    std::uint64_t m_count_at_limit = 0;
    bool m_frozen = false;
    bool m_seen_longer_than_adapter = false;
    // Open-addressing index over m_entries: slot -> (hash, entry + 1), 0 = empty. Flat arrays keep
    // a lookup to one or two cache misses; this runs once per read on the pipeline's ordered stage.
    [[nodiscard]] std::size_t find_or_slot(std::string_view key, std::uint64_t hash, bool& found) const;
    std::vector<Entry> m_entries;
    std::vector<std::uint64_t> m_slot_hash;
    std::vector<std::uint32_t> m_slot_entry;
    std::array<std::uint64_t, k_fastqc_adapter_count> m_early_adapter_reads{};
    std::string m_key;
};

// Aggregated counts; every vector grows on demand and all but `sequences` merge by addition.
struct FastqcInput {
    std::vector<std::vector<std::uint64_t>> quality_hist;  // [position][phred 0..93]: bases
    std::vector<std::array<std::uint64_t, 5>> base_counts;  // [position][A,C,G,T,N]: bases (upper-cased)
    std::vector<std::uint64_t> length_hist;                 // [sequence length]: reads
    std::vector<std::uint64_t> mean_quality_hist;           // [fastqc_mean_quality_bin]: reads
    std::vector<std::vector<std::uint64_t>> gc_hist;        // [fastqc_gc_length][G+C in that prefix]: reads
    std::array<std::vector<std::uint64_t>, k_fastqc_adapter_count> adapter_hist;  // [adapter][first hit]: reads
    TileQualityCounts tiles;  // Per tile sequence quality (sampled reads only)
    FastqcSequenceTracker sequences;
};

// floor(mean Phred) of a Phred+33 quality string as FastQC bins it; -1 when empty.
[[nodiscard]] int fastqc_mean_quality_bin(std::string_view qual);
// Length of the prefix FastQC's GC module uses: multiples of 100 above 100 bp, of 1000 above 1000 bp.
[[nodiscard]] std::size_t fastqc_gc_length(std::size_t seq_len);
// 0-based first occurrence of each k_fastqc_adapters entry in the upper-cased read, or -1.
[[nodiscard]] std::array<int, k_fastqc_adapter_count> fastqc_adapter_hits(std::string_view seq);
// Adds one read to every histogram above (not to `sequences`). Throws plateau::Error on a
// quality character outside '!'..'~' (the input is then partly updated: abandon it).
void fastqc_count_read(FastqcInput& input, std::string_view seq, std::string_view qual);
// into += from for every histogram; `sequences` is left alone (it cannot be merged exactly).
void fastqc_merge_counts(FastqcInput& into, const FastqcInput& from);

// FastQC's default base grouping (no --nogroup / --expgroup); positions are 1-based, inclusive.
struct BaseGroup {
    std::size_t lower = 1;
    std::size_t upper = 1;
    [[nodiscard]] std::string label() const;  // "7" or "10-14"
};
[[nodiscard]] std::vector<BaseGroup> fastqc_base_groups(std::size_t max_length);

enum class Verdict { pass, warn, fail };
[[nodiscard]] std::string_view verdict_label(Verdict verdict);  // "PASS", "WARN", "FAIL"

// Defaults are FastQC 0.11.9's Configuration/limits.txt. A sequence_length value of 0 turns that test off.
struct FastqcLimits {
    double quality_base_lower_warn = 10, quality_base_lower_error = 5;
    double quality_base_median_warn = 25, quality_base_median_error = 20;
    double quality_sequence_warn = 27, quality_sequence_error = 20;
    double sequence_warn = 10, sequence_error = 20;
    double gc_sequence_warn = 15, gc_sequence_error = 30;
    double n_content_warn = 5, n_content_error = 20;
    double sequence_length_warn = 1, sequence_length_error = 1;
    double duplication_warn = 70, duplication_error = 50;
    double overrepresented_warn = 0.1, overrepresented_error = 1;
    double adapter_warn = 5, adapter_error = 10;
    double tile_warn = 5, tile_error = 10;
};
inline constexpr FastqcLimits k_fastqc_default_limits{};

struct Series {
    std::string name;            // FastQC's fastqc_data.txt column name
    std::vector<double> values;  // one per ModuleResult::x_labels entry
};
struct OverrepresentedSequence {
    std::string sequence;
    std::uint64_t count = 0;
    double percent = 0;
    std::string possible_source = "No Hit";  // FastQC's best contaminant hit, e.g. "name (100% over 36bp)"
};
struct ModuleResult {
    std::string name;  // FastQC's module name, as in summary.txt
    Verdict verdict = Verdict::pass;
    std::vector<std::string> x_labels;                        // base groups, %GC, lengths, levels...
    std::vector<Series> series;                               // the plotted values
    std::vector<std::pair<std::string, std::string>> info;    // Basic Statistics rows (no Filename)
    std::vector<std::pair<std::string, double>> values;       // scalars, e.g. "Total Deduplicated Percentage"
    std::vector<OverrepresentedSequence> overrepresented;     // by decreasing count
    bool applicable = true;  // false: FastQC leaves the module out of its report; `note` says why
    std::string note;
};

// The modules in summary.txt order. Modules FastQC leaves out of its report for lack of quality
// data are left out here too; Per tile sequence quality is always there, marked not applicable
// (`applicable` false, with a `note`) when FastQC would leave it out.
[[nodiscard]] std::vector<ModuleResult> fastqc_modules(const FastqcInput& input,
                                                       const FastqcLimits& limits = k_fastqc_default_limits);

}  // namespace plateau::qc
