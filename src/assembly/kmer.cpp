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

void check_k(int k, int max_k) {
    if (k < k_min_k || k > max_k || k % 2 == 0) {
        throw_usage_error("k-mer size " + std::to_string(k) + " is not an odd number from " + std::to_string(k_min_k) +
                          " to " + std::to_string(max_k));
    }
}

Word128 reverse_complement_word(Word128 x) {
    const std::uint64_t lo = reverse_complement_64(std::uint64_t(x));
    const std::uint64_t hi = reverse_complement_64(std::uint64_t(x >> 64));
    return (Word128(lo) << 64) | Word128(hi);
}

KmerWord256 reverse_complement_word(KmerWord256 x) { return {reverse_complement_word(x.lo), reverse_complement_word(x.hi)}; }

std::string reverse_complement(std::string_view seq) {
    std::string out(seq.size(), 'N');
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const int code = base_code(seq[seq.size() - 1 - i]);
        if (code < 4) out[i] = base_letter(3 - code);
    }
    return out;
}

}  // namespace plateau::assembly
