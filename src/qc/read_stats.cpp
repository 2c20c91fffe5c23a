#include "qc/read_stats.hpp"

#include <algorithm>

namespace plateau::qc {
namespace {

constexpr std::array<std::uint8_t, 256> make_base_table() {
    std::array<std::uint8_t, 256> t{};
    t.fill(4);
    t['A'] = 0;
    t['C'] = 1;
    t['G'] = 2;
    t['T'] = 3;
    return t;
}
constexpr auto k_base_table = make_base_table();
constexpr std::size_t k_cycle_stride = static_cast<std::size_t>(k_base_kinds) * k_quality_bins;

}  // namespace

int base_index(char base) { return k_base_table[static_cast<unsigned char>(base)]; }

void ReadStats::add(std::string_view seq, std::string_view qual, int phred_offset, int sign) {
    const std::size_t len = seq.size();
    if (len * k_cycle_stride > cycle_base_quality.size()) cycle_base_quality.resize(len * k_cycle_stride, 0);
    if (len >= length_histogram.size()) length_histogram.resize(len + 1, 0);

    std::int64_t* cells = cycle_base_quality.data();
    int quality_sum = 0, gc = 0, acgt = 0;
    unsigned kmer = 0;
    int valid = 0;
    const bool has_quality = qual.size() == len;
    for (std::size_t i = 0; i < len; ++i) {
        const int b = k_base_table[static_cast<unsigned char>(seq[i])];
        int q = has_quality ? static_cast<unsigned char>(qual[i]) - phred_offset : 0;
        q = std::clamp(q, 0, k_quality_bins - 1);
        cells[i * k_cycle_stride + static_cast<std::size_t>(b) * k_quality_bins + q] += sign;
        quality_sum += q;
        gc += (b == 1 || b == 2);
        acgt += b < 4;
        if (b < 4) {
            kmer = ((kmer << 2) | static_cast<unsigned>(b)) & 1023u;
            if (++valid >= 5) kmer5[kmer] += sign;
        } else {
            valid = 0;
        }
    }
    reads += sign;
    length_histogram[len] += sign;
    if (acgt > 0) gc_histogram[static_cast<std::size_t>((200 * gc + acgt) / (2 * acgt))] += sign;
    if (len > 0) mean_quality_histogram[static_cast<std::size_t>(quality_sum / static_cast<int>(len))] += sign;
}

void ReadStats::merge(const ReadStats& other, int sign) {
    reads += sign * other.reads;
    if (other.cycle_base_quality.size() > cycle_base_quality.size())
        cycle_base_quality.resize(other.cycle_base_quality.size(), 0);
    for (std::size_t i = 0; i < other.cycle_base_quality.size(); ++i) cycle_base_quality[i] += sign * other.cycle_base_quality[i];
    if (other.length_histogram.size() > length_histogram.size()) length_histogram.resize(other.length_histogram.size(), 0);
    for (std::size_t i = 0; i < other.length_histogram.size(); ++i) length_histogram[i] += sign * other.length_histogram[i];
    for (std::size_t i = 0; i < gc_histogram.size(); ++i) gc_histogram[i] += sign * other.gc_histogram[i];
    for (std::size_t i = 0; i < mean_quality_histogram.size(); ++i)
        mean_quality_histogram[i] += sign * other.mean_quality_histogram[i];
    for (std::size_t i = 0; i < kmer5.size(); ++i) kmer5[i] += sign * other.kmer5[i];
}

ReadTotals totals(const ReadStats& stats) {
    ReadTotals t;
    t.reads = stats.reads;
    const int cycles = stats.cycles();
    for (int c = 0; c < cycles; ++c) {
        for (int b = 0; b < k_base_kinds; ++b) {
            for (int q = 0; q < k_quality_bins; ++q) {
                std::int64_t n = stats.count(c, b, q);
                if (n == 0) continue;
                t.bases += n;
                if (q >= 20) t.q20 += n;
                if (q >= 30) t.q30 += n;
                if (b == 1 || b == 2) t.gc += n;
            }
        }
    }
    t.mean_length = t.reads > 0 ? static_cast<double>(t.bases) / static_cast<double>(t.reads) : 0.0;
    return t;
}

}  // namespace plateau::qc
