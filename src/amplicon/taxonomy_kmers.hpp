// 8-mers of nucleotide sequences for the k-mer classifiers (A=0, C=1, G=2, T=3, first base in the
// high bits). An 8-mer with any other letter (N, IUPAC codes) is skipped; with `lower_masks`,
// an 8-mer with a lower-case letter is skipped too (vsearch's soft-masked database words).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

// 0-3 for ACGT (any case), 4 for others; +8 for lower case.
[[nodiscard]] inline std::uint8_t nucleotide_code(char c) {
    switch (c) {
        case 'A': return 0;
        case 'C': return 1;
        case 'G': return 2;
        case 'T': case 'U': return 3;
        case 'a': return 8;
        case 'c': return 9;
        case 'g': return 10;
        case 't': case 'u': return 11;
        default: return static_cast<std::uint8_t>(c >= 'a' && c <= 'z' ? 12 : 4);
    }
}

// Calls f(word) for every valid 8-mer, left to right.
template <class F>
void for_each_kmer(std::string_view seq, bool lower_masks, F&& f) {
    std::uint32_t word = 0;
    int valid = 0;  // consecutive valid letters
    for (char c : seq) {
        std::uint8_t code = nucleotide_code(c);
        if (!lower_masks) code &= 7;
        if (code > 3) {
            valid = 0;
            continue;
        }
        word = ((word << 2) | code) & 0xffffU;
        if (++valid >= 8) f(word);
    }
}

// The distinct 8-mers of a sequence in order of first occurrence (vsearch's unique_count).
class UniqueKmers {
public:
    void collect(std::string_view seq, bool lower_masks) {
        for (std::uint32_t w : m_list) m_seen[w >> 6] &= ~(std::uint64_t{1} << (w & 63));
        m_list.clear();
        for_each_kmer(seq, lower_masks, [&](std::uint32_t w) {
            const std::uint64_t bit = std::uint64_t{1} << (w & 63);
            if ((m_seen[w >> 6] & bit) == 0) {
                m_seen[w >> 6] |= bit;
                m_list.push_back(w);
            }
        });
    }
    [[nodiscard]] const std::vector<std::uint32_t>& list() const { return m_list; }

private:
    std::array<std::uint64_t, 1024> m_seen{};
    std::vector<std::uint32_t> m_list;
};

}  // namespace plateau::amplicon
