// ReadStats: additive per-file statistics (per-cycle base x quality counts, per-read length, GC and
// mean-quality distributions, 5-mer counts). Every figure is a sum over reads, so statistics can
// be merged across threads in any order and "after filtering" can be derived as
// before - removed + added without re-scanning reads that pass unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace plateau::qc {

inline constexpr int k_quality_bins = 94;  // Phred 0..93
inline constexpr int k_base_kinds = 5;     // A, C, G, T, N (anything else counts as N)
inline constexpr char k_base_letters[k_base_kinds] = {'A', 'C', 'G', 'T', 'N'};

struct ReadStats {
    std::int64_t reads = 0;
    std::vector<std::int64_t> cycle_base_quality;  // [(cycle * 5 + base) * 94 + phred]
    std::vector<std::int64_t> length_histogram;    // [length]
    std::array<std::int64_t, 101> gc_histogram{};  // [round(100 * GC / (A+C+G+T))]
    std::array<std::int64_t, k_quality_bins> mean_quality_histogram{};  // [floor(mean Phred)]
    std::array<std::int64_t, 1024> kmer5{};        // [2-bit code of A,C,G,T 5-mers, first base high]

    // Adds (sign = +1) or removes (sign = -1) one read's contribution.
    void add(std::string_view seq, std::string_view qual, int phred_offset, int sign = 1);
    void merge(const ReadStats& other, int sign = 1);

    [[nodiscard]] int cycles() const { return static_cast<int>(cycle_base_quality.size() / (k_base_kinds * k_quality_bins)); }
    [[nodiscard]] std::int64_t count(int cycle, int base, int phred) const {
        return cycle_base_quality[(static_cast<std::size_t>(cycle) * k_base_kinds + base) * k_quality_bins + phred];
    }
};

// Derived totals.
struct ReadTotals {
    std::int64_t reads = 0, bases = 0, q20 = 0, q30 = 0, gc = 0;
    double mean_length = 0;
};
[[nodiscard]] ReadTotals totals(const ReadStats& stats);

// Base index used by ReadStats: A0 C1 G2 T3, anything else 4.
[[nodiscard]] int base_index(char base);

}  // namespace plateau::qc
