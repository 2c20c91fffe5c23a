// The scan tests each offset with a cheap necessary condition first: mismatches among the first
// (up to) 32 overlapping bases, counted on 2-bit codes with XOR + popcount. Codes map N to A, so
// they never report more mismatches than the characters have; only surviving offsets are
// counted exactly, base by base.
#include "qc/overlap.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace plateau::qc {
namespace {

constexpr std::array<std::uint8_t, 256> make_code_table() {
    std::array<std::uint8_t, 256> t{};
    t['C'] = 1;
    t['G'] = 2;
    t['T'] = 3;
    return t;
}
constexpr auto k_code = make_code_table();

// 2-bit codes packed 32 per word; word i holds bases [32i, 32i+32), base j at bits 2(j%32).
void pack(std::string_view seq, std::vector<std::uint64_t>& words) {
    words.assign(seq.size() / 32 + 2, 0);
    for (std::size_t i = 0; i < seq.size(); ++i)
        words[i >> 5] |= static_cast<std::uint64_t>(k_code[static_cast<unsigned char>(seq[i])]) << (2 * (i & 31));
}

// 32 bases starting at base `pos`.
std::uint64_t window(const std::vector<std::uint64_t>& words, int pos) {
    const int w = pos >> 5, shift = 2 * (pos & 31);
    if (shift == 0) return words[w];
    return (words[w] >> shift) | (words[w + 1] << (64 - shift));
}

int code_mismatches(std::uint64_t a, std::uint64_t b, int bases) {
    std::uint64_t x = a ^ b;
    x = (x | (x >> 1)) & 0x5555555555555555ULL;
    if (bases < 32) x &= (1ULL << (2 * bases)) - 1;
    return std::popcount(x);
}

int exact_mismatches(const char* a, const char* b, int length, int stop_above) {
    int mismatches = 0;
    for (int i = 0; i < length; ++i) {
        mismatches += a[i] != b[i];
        if (mismatches > stop_above) break;
    }
    return mismatches;
}

struct Scratch {
    std::vector<std::uint64_t> r1, r2;
};

}  // namespace

void reverse_complement(std::string_view seq, std::string& out) {
    out.resize(seq.size());
    const std::size_t n = seq.size();
    for (std::size_t i = 0; i < n; ++i) {
        char c = seq[n - 1 - i];
        char rc = 'N';
        switch (c) {
        case 'A': rc = 'T'; break;
        case 'C': rc = 'G'; break;
        case 'G': rc = 'C'; break;
        case 'T': rc = 'A'; break;
        default: break;
        }
        out[i] = rc;
    }
}

Overlap find_overlap(std::string_view r1, std::string_view r2rc, OverlapRule rule) {
    thread_local Scratch scratch;  // per-thread reusable buffers, no shared state
    const int len1 = static_cast<int>(r1.size()), len2 = static_cast<int>(r2rc.size());
    if (len1 < rule.min_length || len2 < rule.min_length) return {};
    pack(r1, scratch.r1);
    pack(r2rc, scratch.r2);

    auto try_offset = [&](int offset) -> Overlap {
        const int a0 = std::max(offset, 0), b0 = std::max(-offset, 0);
        const int length = std::min(len1 - a0, len2 - b0);
        if (length < rule.min_length) return {};
        const int limit = std::min(rule.max_mismatches, length * rule.max_mismatch_percent / 100);
        const int head = std::min(length, 32);
        if (code_mismatches(window(scratch.r1, a0), window(scratch.r2, b0), head) > limit) return {};
        int mismatches = exact_mismatches(r1.data() + a0, r2rc.data() + b0, length, limit);
        if (mismatches > limit) return {};
        return {true, offset, length, mismatches};
    };

    for (int offset = 0; len1 - offset >= rule.min_length; ++offset)
        if (Overlap ov = try_offset(offset); ov.found) return ov;
    for (int offset = -1; len2 + offset >= rule.min_length; --offset)
        if (Overlap ov = try_offset(offset); ov.found) return ov;
    return {};
}

}  // namespace plateau::qc
