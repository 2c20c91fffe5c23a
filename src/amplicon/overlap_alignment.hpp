// Overlap alignment for the alignment affiliation method: a query against a reference with free
// end gaps on both sides (a short amplicon inside a full-length 16S, or a read overhanging a
// truncated reference), maximum score with affine gaps (Gotoh). Scores are vsearch's defaults for
// internal positions: match +2, mismatch -4, a gap of length L costs 20 + 2L. A reference letter
// that is not A, C, G or T scores as a mismatch. This is not global_alignment.hpp on purpose:
// that one reproduces swarm's minimum-cost model, which charges end gaps and so cannot place an
// amplicon inside a longer reference.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

inline constexpr int k_overlap_match = 2, k_overlap_mismatch = -4, k_overlap_gap_open = 20, k_overlap_gap_extend = 2;

struct OverlapAlignment {
    int score = 0;
    std::uint32_t columns = 0;        // alignment columns between the first and last aligned pair
    std::uint32_t matches = 0;
    std::uint32_t query_begin = 0;    // first query base of that span (0-based)
    std::uint32_t query_end = 0;      // one past its last query base
    [[nodiscard]] double identity() const;                                 // 100 x matches / columns
    [[nodiscard]] double query_coverage(std::size_t query_length) const;  // 100 x span / length
};

struct OverlapWorkspace {
    std::vector<int> h, f;  // per reference position: the previous row's H, the vertical gap state
    std::vector<std::uint8_t> trace;
};

// 2-bit codes (0..3 = A, C, G, T; 4 = anything else). The query must hold codes 0..3 only.
[[nodiscard]] std::vector<std::uint8_t> nucleotide_codes(std::string_view sequence);

// The best score only (linear memory). Overlaps are never empty: without any positive one the
// result is <= 0 (the affiliation method keeps scores > 0 only).
[[nodiscard]] int overlap_score(const std::vector<std::uint8_t>& query, const std::vector<std::uint8_t>& reference,
                                OverlapWorkspace& ws);
// The best alignment with its counts. Co-optimal paths: the end cell with the best score on the
// last query row (lowest reference position), else on the last reference column (lowest query
// position); backtracking prefers a match/mismatch, then a query base against a gap, then a
// reference base against a gap.
[[nodiscard]] OverlapAlignment overlap_align(const std::vector<std::uint8_t>& query,
                                             const std::vector<std::uint8_t>& reference, OverlapWorkspace& ws);

}  // namespace plateau::amplicon
