// Per-read scan for the FastQC histograms that need the sequence itself: G+C within FastQC's GC
// prefix and the first hit of each adapter 12-mer. Inline, so that a producer can run it inside
// its own per-base loop (ReadStats::add_scanning) instead of reading the sequence twice.
#pragma once

#include "qc/fastqc_modules.hpp"

#include <array>
#include <cstdint>

namespace plateau::qc {

namespace fastqc_scan {
constexpr std::uint32_t code_of(char c) { return c == 'A' ? 0u : c == 'C' ? 1u : c == 'G' ? 2u : 3u; }
inline constexpr std::array<std::uint32_t, k_fastqc_adapter_count> k_adapter_codes = [] {
    std::array<std::uint32_t, k_fastqc_adapter_count> codes{};
    for (std::size_t a = 0; a < k_fastqc_adapter_count; ++a)
        for (char c : k_fastqc_adapters[a].sequence) codes[a] = (codes[a] << 2) | code_of(c);
    return codes;
}();
// Which 6-mers end an adapter: a one-load filter in front of the full 12-mer comparison.
inline constexpr std::array<bool, 1u << 12> k_adapter_tails = [] {
    std::array<bool, 1u << 12> tails{};
    for (auto code : k_adapter_codes) tails[code & 0xfffu] = true;
    return tails;
}();
inline constexpr std::uint32_t k_kmer_mask = (1u << (2 * k_fastqc_adapter_length)) - 1;
}  // namespace fastqc_scan

class FastqcReadScanner {
public:
    explicit FastqcReadScanner(std::size_t read_length) : m_gc_length(fastqc_gc_length(read_length)), m_length(read_length) {}

    // code: A0 C1 G2 T3; anything above 3 (N, other letters) breaks k-mers.
    void push(unsigned code, std::size_t i) {
        m_gc += (i < m_gc_length) & (code == 1 || code == 2);
        if (code > 3) {
            m_valid = 0;
            return;
        }
        m_kmer = ((m_kmer << 2) | code) & fastqc_scan::k_kmer_mask;
        ++m_valid;
        if (!fastqc_scan::k_adapter_tails[m_kmer & 0xfffu] || m_valid < k_fastqc_adapter_length) return;
        for (std::size_t a = 0; a < k_fastqc_adapter_count; ++a)
            if (m_hits[a] < 0 && m_kmer == fastqc_scan::k_adapter_codes[a])
                m_hits[a] = static_cast<int>(i + 1 - k_fastqc_adapter_length);
    }

    [[nodiscard]] const std::array<int, k_fastqc_adapter_count>& hits() const { return m_hits; }
    // Adds this read to input.gc_hist and input.adapter_hist.
    void finish(FastqcInput& input) const;

private:
    std::size_t m_gc_length, m_length;
    std::size_t m_gc = 0;
    std::array<int, k_fastqc_adapter_count> m_hits{-1, -1, -1, -1, -1};
    std::uint32_t m_kmer = 0;
    std::uint32_t m_valid = 0;
};

}  // namespace plateau::qc
