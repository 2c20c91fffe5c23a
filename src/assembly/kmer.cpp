// k-mer word operations (kmer.hpp).
#include "assembly/kmer.hpp"

#include "core/error.hpp"

namespace plateau::assembly {

namespace {
// Reverses the order of the 32 2-bit groups of a 64-bit word and complements them.
std::uint64_t reverse_complement_64(std::uint64_t x) {
    x = ~x;
    x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
    x = ((x >> 8) & 0x00ff00ff00ff00ffULL) | ((x & 0x00ff00ff00ff00ffULL) << 8);
    x = ((x >> 16) & 0x0000ffff0000ffffULL) | ((x & 0x0000ffff0000ffffULL) << 16);
    return (x >> 32) | (x << 32);
}
}  // namespace

KmerShape::KmerShape(int k) : m_k(k) {
    if (k < k_min_k || k > k_max_k || k % 2 == 0) {
        throw_usage_error("k-mer size " + std::to_string(k) + " is not an odd number from " + std::to_string(k_min_k) +
                          " to " + std::to_string(k_max_k));
    }
    m_mask = (KmerWord(1) << (2 * k)) - 1;
}

KmerWord KmerShape::reverse_complement(KmerWord x) const {
    const std::uint64_t lo = reverse_complement_64(std::uint64_t(x));
    const std::uint64_t hi = reverse_complement_64(std::uint64_t(x >> 64));
    const KmerWord full = (KmerWord(lo) << 64) | KmerWord(hi);
    return full >> (128 - 2 * m_k);
}

KmerWord KmerShape::encode(std::string_view seq, std::size_t pos) const {
    KmerWord x = 0;
    for (int i = 0; i < m_k; ++i) x = (x << 2) | KmerWord(base_code(seq[pos + std::size_t(i)]) & 3);
    return x;
}

std::string KmerShape::decode(KmerWord x) const {
    std::string s(std::size_t(m_k), 'A');
    for (int i = m_k - 1; i >= 0; --i) {
        s[std::size_t(i)] = base_letter(int(x & 3));
        x >>= 2;
    }
    return s;
}

std::string reverse_complement(std::string_view seq) {
    std::string out(seq.size(), 'N');
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const int code = base_code(seq[seq.size() - 1 - i]);
        if (code < 4) out[i] = base_letter(3 - code);
    }
    return out;
}

}  // namespace plateau::assembly
