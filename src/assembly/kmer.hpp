// 2-bit packed k-mers in one 128-bit word (odd k from 15 to 63) or one 256-bit word (k 65 to 127,
// kmer_word256.hpp): the first base in the highest bits, A=0 C=1 G=2 T=3. Odd k means no k-mer is its own reverse complement, so every k-mer has
// exactly one canonical form (the smaller of itself and its reverse complement).
#pragma once

#include "assembly/kmer_word256.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace plateau::assembly {

using KmerWord = Word128;

inline constexpr int k_min_k = 15;
inline constexpr int k_max_k = 127;
/// The largest k held in a 128-bit word; larger k use KmerWord256.
inline constexpr int k_max_narrow_k = 63;

template <class W>
inline constexpr int word_bits = int(8 * sizeof(W));

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

/// Reverses and complements the 2-bit groups of a whole word (the k-mer then sits in the high bits).
[[nodiscard]] Word128 reverse_complement_word(Word128 x);
[[nodiscard]] KmerWord256 reverse_complement_word(KmerWord256 x);

/// Throws a usage error unless k is odd and from k_min_k to `max_k`.
void check_k(int k, int max_k);

/// Shapes and operations for one k, on 128-bit (k <= 63) or 256-bit (k <= 127) words.
template <class W>
class BasicKmerShape {
public:
    using Word = W;
    explicit BasicKmerShape(int k) : m_k(k) {
        check_k(k, word_bits<W> / 2 - 1);
        m_mask = ~W(0) >> (word_bits<W> - 2 * k);
        for (int c = 0; c < 4; ++c) m_left_rc[c] = W(3 - c) << (2 * (k - 1));
    }
    [[nodiscard]] int k() const { return m_k; }
    [[nodiscard]] W mask() const { return m_mask; }
    /// Appends base `code` on the right, dropping the leftmost base.
    [[nodiscard]] W push_right(W x, int code) const { return ((x << 2) | W(code)) & m_mask; }
    /// Prepends the complement's view: the reverse-complement word after push_right of `code`.
    [[nodiscard]] W push_left_rc(W rc, int code) const { return (rc >> 2) | m_left_rc[code & 3]; }
    [[nodiscard]] W reverse_complement(W x) const { return reverse_complement_word(x) >> (word_bits<W> - 2 * m_k); }
    [[nodiscard]] W canonical(W x) const {
        const W rc = reverse_complement(x);
        return rc < x ? rc : x;
    }
    [[nodiscard]] int last_base(W x) const { return int(x & W(3)); }
    [[nodiscard]] int first_base(W x) const { return int(x >> (2 * (m_k - 1))) & 3; }
    /// The k-mer starting at `seq[pos]`; the caller guarantees k ACGT letters there.
    [[nodiscard]] W encode(std::string_view seq, std::size_t pos = 0) const {
        W x = 0;
        for (int i = 0; i < m_k; ++i) x = (x << 2) | W(base_code(seq[pos + std::size_t(i)]) & 3);
        return x;
    }
    [[nodiscard]] std::string decode(W x) const {
        std::string s(std::size_t(m_k), 'A');
        for (int i = m_k - 1; i >= 0; --i) {
            s[std::size_t(i)] = base_letter(int(x & W(3)));
            x = x >> 2;
        }
        return s;
    }

private:
    int m_k;
    W m_mask;
    W m_left_rc[4];  // the complement of base c in the k-mer's first position
};

using KmerShape = BasicKmerShape<KmerWord>;
using WideKmerShape = BasicKmerShape<KmerWord256>;

/// A well-mixed 64-bit hash of a k-mer word.
[[nodiscard]] inline std::uint64_t mix_hash(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
[[nodiscard]] inline std::uint64_t kmer_hash(Word128 x) {
    return mix_hash(std::uint64_t(x) ^ (std::uint64_t(x >> 64) * 0x9e3779b97f4a7c15ULL));
}
[[nodiscard]] inline std::uint64_t kmer_hash(KmerWord256 x) {
    return mix_hash(kmer_hash(x.lo) ^ (std::uint64_t(x.hi) * 0x9e3779b97f4a7c15ULL) ^
                    (std::uint64_t(x.hi >> 64) * 0xc2b2ae3d27d4eb4fULL));
}

/// Reverse complement of a DNA string (non-ACGT letters become N).
[[nodiscard]] std::string reverse_complement(std::string_view seq);

/// Calls `f(canonical)` for the k-mers of `seq` made only of ACGT letters, in order, until `f`
/// returns true; returns whether one did.
template <class W, class F>
bool any_canonical_kmer(const BasicKmerShape<W>& shape, std::string_view seq, F&& f) {
    const int k = shape.k();
    W fwd = 0, rc = 0;
    int valid = 0;
    for (char c : seq) {
        const int code = base_code(c);
        if (code > 3) {
            valid = 0;
            continue;
        }
        fwd = shape.push_right(fwd, code);
        rc = shape.push_left_rc(rc, code);
        if (++valid >= k && f(rc < fwd ? rc : fwd)) return true;
    }
    return false;
}

/// Calls `f(canonical)` for every k-mer of `seq` made only of ACGT letters.
template <class W, class F>
void for_each_canonical_kmer(const BasicKmerShape<W>& shape, std::string_view seq, F&& f) {
    any_canonical_kmer(shape, seq, [&](const W& x) {
        f(x);
        return false;
    });
}

}  // namespace plateau::assembly
