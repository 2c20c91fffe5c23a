// ReadStats: additive per-file statistics (per-cycle base x quality counts, per-read length, GC and
// mean-quality distributions, 5-mer counts). Every figure is a sum over reads, so statistics can
// be merged across threads in any order and "after filtering" can be derived as
// before - removed + added without re-scanning reads that pass unchanged.
#pragma once

#include "qc/base_codes.hpp"

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
    std::vector<std::int64_t> length_histogram;    // [length]
    std::array<std::int64_t, 101> gc_histogram{};  // [round(100 * GC / (A+C+G+T))]
    std::array<std::int64_t, k_quality_bins> mean_quality_histogram{};  // [floor(mean Phred)]
    std::array<std::int64_t, 1024> kmer5{};        // [2-bit code of A,C,G,T 5-mers, first base high]

    // Adds (sign = +1) or removes (sign = -1) one read's contribution.
    void add(std::string_view seq, std::string_view qual, int phred_offset, int sign = 1) {
        add_scanning(seq, qual, phred_offset, sign, [](unsigned, std::size_t) {});
    }
    // The same, also calling per_base(base index, position) for each base, so that other per-read
    // statistics can share this pass over the read (FastQC's GC and adapter scan does).
    template <class PerBase>
    void add_scanning(std::string_view seq, std::string_view qual, int phred_offset, int sign, PerBase&& per_base);
    void merge(const ReadStats& other, int sign = 1);

    [[nodiscard]] int cycles() const { return m_cycles; }
    // Bases seen at `cycle` (0-based) with this base index and Phred score.
    [[nodiscard]] std::int64_t count(int cycle, int base, int phred) const {
        const std::size_t i = (static_cast<std::size_t>(base) * k_quality_bins + phred) * m_capacity + cycle;
        return m_counts[i] + m_hot[i];
    }
    [[nodiscard]] bool same_counts(const ReadStats& other) const;

private:
    std::int32_t* prepare(std::size_t len);
    void finish_read(std::size_t len, int quality_sum, int gc, int acgt, int sign);
    void reserve_cycles(int cycles);
    void flush_hot();
    // Laid out [base][phred][cycle]: consecutive cycles of a read with similar qualities stay on
    // a few cache lines and pages ([cycle][base][phred] touched a new page for every base).
    // add() counts into 32-bit m_hot (half the cache footprint) and folds it into the 64-bit
    // m_counts before any cell could overflow.
    std::vector<std::int64_t> m_counts;
    std::vector<std::int32_t> m_hot;
    std::int64_t m_hot_reads = 0;
    int m_cycles = 0;    // longest read seen
    int m_capacity = 0;  // allocated cycles per row
};


template <class PerBase>
void ReadStats::add_scanning(std::string_view seq, std::string_view qual, int phred_offset, int sign, PerBase&& per_base) {
    const std::size_t len = seq.size();
    std::int32_t* cells = prepare(len);
    const std::size_t capacity = static_cast<std::size_t>(m_capacity);
    const bool has_quality = qual.size() == len;
    int quality_sum = 0, gc = 0, acgt = 0;
    unsigned kmer = 0;
    int valid = 0;
    for (std::size_t i = 0; i < len; ++i) {
        const unsigned b = k_base_index[static_cast<unsigned char>(seq[i])];
        int q = has_quality ? static_cast<unsigned char>(qual[i]) - phred_offset : 0;
        q = q < 0 ? 0 : (q >= k_quality_bins ? k_quality_bins - 1 : q);
        cells[(b * k_quality_bins + static_cast<std::size_t>(q)) * capacity + i] += sign;
        quality_sum += q;
        gc += (b == 1 || b == 2);
        acgt += b < 4;
        if (b < 4) {
            kmer = ((kmer << 2) | b) & 1023u;
            if (++valid >= 5) kmer5[kmer] += sign;
        } else {
            valid = 0;
        }
        per_base(b, i);
    }
    finish_read(len, quality_sum, gc, acgt, sign);
}

// Derived totals.
struct ReadTotals {
    std::int64_t reads = 0, bases = 0, q20 = 0, q30 = 0, gc = 0;
    double mean_length = 0;
};
[[nodiscard]] ReadTotals totals(const ReadStats& stats);


}  // namespace plateau::qc
