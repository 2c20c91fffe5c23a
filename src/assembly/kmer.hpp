// 2-bit packed k-mers in one 128-bit word (odd k from 15 to 63): the first base in the highest
// bits, A=0 C=1 G=2 T=3. Odd k means no k-mer is its own reverse complement, so every k-mer has
// exactly one canonical form (the smaller of itself and its reverse complement).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace plateau::assembly {

__extension__ typedef unsigned __int128 KmerWord;

inline constexpr int k_min_k = 15;
inline constexpr int k_max_k = 63;

/// 0-3 for ACGT (either case), 4 for anything else.
[[nodiscard]] inline int base_code(char c) {
    switch (c) {
        case 'A': case 'a': return 0;
        case 'C': case 'c': return 1;
        case 'G': case 'g': return 2;
        case 'T': case 't': return 3;
        default: return 4;
    }
}

[[nodiscard]] inline char base_letter(int code) { return "ACGT"[code & 3]; }

/// Shapes and operations for one k.
class KmerShape {
public:
    explicit KmerShape(int k);
    [[nodiscard]] int k() const { return m_k; }
    [[nodiscard]] KmerWord mask() const { return m_mask; }
    /// Appends base `code` on the right, dropping the leftmost base.
    [[nodiscard]] KmerWord push_right(KmerWord x, int code) const { return ((x << 2) | KmerWord(code)) & m_mask; }
    /// Prepends the complement's view: the reverse-complement word after push_right of `code`.
    [[nodiscard]] KmerWord push_left_rc(KmerWord rc, int code) const {
        return (rc >> 2) | (KmerWord(3 - code) << (2 * (m_k - 1)));
    }
    [[nodiscard]] KmerWord reverse_complement(KmerWord x) const;
    [[nodiscard]] KmerWord canonical(KmerWord x) const {
        const KmerWord rc = reverse_complement(x);
        return rc < x ? rc : x;
    }
    [[nodiscard]] int last_base(KmerWord x) const { return int(x & 3); }
    [[nodiscard]] int first_base(KmerWord x) const { return int(x >> (2 * (m_k - 1))) & 3; }
    /// The k-mer starting at `seq[pos]`; the caller guarantees k ACGT letters there.
    [[nodiscard]] KmerWord encode(std::string_view seq, std::size_t pos = 0) const;
    [[nodiscard]] std::string decode(KmerWord x) const;

private:
    int m_k;
    KmerWord m_mask;
};

/// A well-mixed 64-bit hash of a k-mer word.
[[nodiscard]] inline std::uint64_t kmer_hash(KmerWord x) {
    std::uint64_t h = std::uint64_t(x) ^ (std::uint64_t(x >> 64) * 0x9e3779b97f4a7c15ULL);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/// Reverse complement of a DNA string (non-ACGT letters become N).
[[nodiscard]] std::string reverse_complement(std::string_view seq);

/// Calls `f(canonical)` for every k-mer of `seq` made only of ACGT letters.
template <class F>
void for_each_canonical_kmer(const KmerShape& shape, std::string_view seq, F&& f) {
    const int k = shape.k();
    KmerWord fwd = 0, rc = 0;
    int valid = 0;
    for (char c : seq) {
        const int code = base_code(c);
        if (code > 3) {
            valid = 0;
            continue;
        }
        fwd = shape.push_right(fwd, code);
        rc = shape.push_left_rc(rc, code);
        if (++valid >= k) f(rc < fwd ? rc : fwd);
    }
}

}  // namespace plateau::assembly
