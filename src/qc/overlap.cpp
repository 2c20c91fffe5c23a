// Overlap search. A qualifying overlap is at least `min_length` long with at most
// `max_mismatches` mismatches, so its first 5*(max_mismatches+1) bases split into
// max_mismatches+1 disjoint 5-mers of which at least one matches exactly (pigeonhole).
// Candidate offsets therefore come from exact 5-mer hits of those segments, found by comparing
// precomputed 5-mer codes; each candidate is then counted base by base. Scanning candidates in
// the same order as a full scan (0, 1, 2, ..., then -1, -2, ...) returns the same overlap.
// Reads containing N (where a seed could hide an N=N match) and rules too loose for the
// pigeonhole bound use the full scan.
#include "qc/overlap.hpp"

#include "qc/base_codes.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <vector>

namespace plateau::qc {
namespace {

constexpr int k_seed = 5;
constexpr std::uint16_t k_invalid = 0xFFFF;
constexpr int k_max_offsets = 1024;


// codes[i] = 2-bit code of seq[i..i+5); returns false if seq contains anything but A/C/G/T.
bool kmer_codes(std::string_view seq, std::vector<std::uint16_t>& codes) {
    const int n = static_cast<int>(seq.size());
    codes.assign(static_cast<std::size_t>(std::max(0, n - k_seed + 1)), 0);
    unsigned code = 0;
    int invalid = 0;
    for (int i = 0; i < n; ++i) {
        const int b = k_acgt_code[static_cast<unsigned char>(seq[i])];
        invalid |= b;  // any -1 sets the sign bit
        code = ((code << 2) | static_cast<unsigned>(b & 3)) & 0x3FFu;
        if (i >= k_seed - 1) codes[static_cast<std::size_t>(i - k_seed + 1)] = static_cast<std::uint16_t>(code);
    }
    return invalid >= 0;
}

int count_mismatches(const char* a, const char* b, int length, int stop_above) {
    int mismatches = 0;
    for (int i = 0; i < length; ++i) {
        mismatches += a[i] != b[i];
        if (mismatches > stop_above) break;
    }
    return mismatches;
}

struct Scratch {
    std::vector<std::uint16_t> codes1, codes2;
    std::array<std::uint8_t, 1024> segment_table{};
};

// Marks offsets o where segment s of `fixed` (the code at 5s) occurs in `moving` at o + 5s.
// One pass over `moving` with a code -> segments lookup table (cleared again afterwards).
void mark_candidates(const std::vector<std::uint16_t>& fixed, const std::vector<std::uint16_t>& moving, int segments,
                     int max_offset, std::array<std::uint8_t, 1024>& segment_table, std::bitset<k_max_offsets>& candidates) {
    int used = 0;
    for (int s = 0; s < segments && static_cast<std::size_t>(s * k_seed) < fixed.size(); ++s, ++used)
        segment_table[fixed[static_cast<std::size_t>(s * k_seed)]] |= static_cast<std::uint8_t>(1u << s);
    const int last = std::min(static_cast<int>(moving.size()) - 1, max_offset + (used - 1) * k_seed);
    for (int i = 0; i <= last; ++i) {
        unsigned mask = segment_table[moving[static_cast<std::size_t>(i)]];
        while (mask != 0) {
            const int s = __builtin_ctz(mask);
            mask &= mask - 1;
            const int offset = i - s * k_seed;
            if (offset >= 0 && offset <= max_offset) candidates.set(static_cast<std::size_t>(offset));
        }
    }
    for (int s = 0; s < used; ++s) segment_table[fixed[static_cast<std::size_t>(s * k_seed)]] = 0;
}

}  // namespace

void reverse_complement(std::string_view seq, std::string& out) {
    out.resize(seq.size());
    const std::size_t n = seq.size();
    for (std::size_t i = 0; i < n; ++i) {
        char rc = 'N';
        switch (seq[n - 1 - i]) {
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

    auto try_offset = [&](int offset) -> Overlap {
        const int a0 = std::max(offset, 0), b0 = std::max(-offset, 0);
        const int length = std::min(len1 - a0, len2 - b0);
        if (length < rule.min_length) return {};
        const int limit = std::min(rule.max_mismatches, length * rule.max_mismatch_percent / 100);
        const int mismatches = count_mismatches(r1.data() + a0, r2rc.data() + b0, length, limit);
        if (mismatches > limit) return {};
        return {true, offset, length, mismatches};
    };
    const int max_positive = len1 - rule.min_length;  // offsets 0..max_positive
    const int max_negative = len2 - rule.min_length;  // offsets -1..-max_negative

    const int segments = rule.max_mismatches + 1;
    const bool seedable = segments * k_seed <= rule.min_length && segments <= 8 && max_positive < k_max_offsets &&
                          max_negative < k_max_offsets && kmer_codes(r1, scratch.codes1) &&
                          kmer_codes(r2rc, scratch.codes2);
    if (!seedable) {
        for (int offset = 0; offset <= max_positive; ++offset)
            if (Overlap ov = try_offset(offset); ov.found) return ov;
        for (int offset = -1; offset >= -max_negative; --offset)
            if (Overlap ov = try_offset(offset); ov.found) return ov;
        return {};
    }
    // Positive offsets: the overlap starts at r2rc[0] and r1[offset].
    std::bitset<k_max_offsets> positive, negative;
    mark_candidates(scratch.codes2, scratch.codes1, segments, max_positive, scratch.segment_table, positive);
    for (int offset = 0; offset <= max_positive; ++offset)
        if (positive.test(static_cast<std::size_t>(offset)))
            if (Overlap ov = try_offset(offset); ov.found) return ov;
    // Negative offsets: the overlap starts at r1[0] and r2rc[-offset].
    mark_candidates(scratch.codes1, scratch.codes2, segments, max_negative, scratch.segment_table, negative);
    for (int shift = 1; shift <= max_negative; ++shift)
        if (negative.test(static_cast<std::size_t>(shift)))
            if (Overlap ov = try_offset(-shift); ov.found) return ov;
    return {};
}

}  // namespace plateau::qc
