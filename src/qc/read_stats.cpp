#include "qc/read_stats.hpp"

#include <algorithm>

namespace plateau::qc {
namespace {

constexpr std::size_t k_rows = static_cast<std::size_t>(k_base_kinds) * k_quality_bins;

}  // namespace

void ReadStats::reserve_cycles(int cycles) {
    if (cycles > m_capacity) {
        const int capacity = std::max(cycles, m_capacity + m_capacity / 2);
        flush_hot();
        std::vector<std::int64_t> grown(k_rows * static_cast<std::size_t>(capacity), 0);
        for (std::size_t row = 0; row < k_rows && m_capacity > 0; ++row)
            std::copy_n(m_counts.begin() + static_cast<std::ptrdiff_t>(row * m_capacity), m_capacity,
                        grown.begin() + static_cast<std::ptrdiff_t>(row * capacity));
        m_counts = std::move(grown);
        m_hot.assign(m_counts.size(), 0);
        m_capacity = capacity;
    }
    m_cycles = std::max(m_cycles, cycles);
}

void ReadStats::flush_hot() {
    for (std::size_t i = 0; i < m_hot.size(); ++i) {
        m_counts[i] += m_hot[i];
        m_hot[i] = 0;
    }
    m_hot_reads = 0;
}

bool ReadStats::same_counts(const ReadStats& other) const {
    const int cycles = std::max(m_cycles, other.m_cycles);
    for (int c = 0; c < cycles; ++c)
        for (int b = 0; b < k_base_kinds; ++b)
            for (int q = 0; q < k_quality_bins; ++q) {
                const std::int64_t mine = c < m_cycles ? count(c, b, q) : 0;
                const std::int64_t theirs = c < other.m_cycles ? other.count(c, b, q) : 0;
                if (mine != theirs) return false;
            }
    return true;
}

std::int32_t* ReadStats::prepare(std::size_t len) {
    if (static_cast<int>(len) > m_cycles) reserve_cycles(static_cast<int>(len));
    if (len >= length_histogram.size()) length_histogram.resize(len + 1, 0);
    if (++m_hot_reads >= (1 << 30)) flush_hot();
    return m_hot.data();
}

void ReadStats::finish_read(std::size_t len, int quality_sum, int gc, int acgt, int sign) {
    reads += sign;
    length_histogram[len] += sign;
    if (acgt > 0) gc_histogram[static_cast<std::size_t>((200 * gc + acgt) / (2 * acgt))] += sign;
    if (len > 0) mean_quality_histogram[static_cast<std::size_t>(quality_sum / static_cast<int>(len))] += sign;
}

void ReadStats::merge(const ReadStats& other, int sign) {
    reads += sign * other.reads;
    reserve_cycles(other.m_cycles);
    for (std::size_t row = 0; row < k_rows; ++row)
        for (int c = 0; c < other.m_cycles; ++c)
            m_counts[row * static_cast<std::size_t>(m_capacity) + static_cast<std::size_t>(c)] +=
                sign * (other.m_counts[row * static_cast<std::size_t>(other.m_capacity) + static_cast<std::size_t>(c)] +
                        other.m_hot[row * static_cast<std::size_t>(other.m_capacity) + static_cast<std::size_t>(c)]);
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
