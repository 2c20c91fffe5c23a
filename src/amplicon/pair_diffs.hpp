// The number of differences swarm 3.1.2 counts between a (sub)seed and a candidate for d > 1
// (search8.cc / search16.cc and their backtrack): a minimum-cost global alignment (Gotoh; end gaps
// cost like inner ones; the first gap column costs open + extension), then the columns that are
// not identical matches. Among equal costs the cell takes, in this order, the horizontal gap (a
// candidate base against nothing), the diagonal, the vertical gap; a gap state prefers opening to
// extending. The backtrack starts at the last cell. Costs at or above the search's saturation
// (255 in 8-bit mode, 65535 in 16-bit) make swarm report no link; `cost` tells the caller.
//
// Only results with at most d differences matter, and such an alignment costs at most
// d * max(mismatch, open + extension), so the matrix is computed in a band of diagonals around
// [min(0, dl), max(0, dl)] (dl = length difference) wide enough that any path leaving it costs
// more: inside that bound the result equals the full matrix's, cell for cell along the path.
#pragma once

#include "amplicon/scoring.hpp"

#include <cstdint>
#include <vector>

namespace plateau::amplicon {

struct PairDiffs {
    std::int64_t cost = 0;
    std::uint32_t diffs = 0;  // differences of the backtracked alignment; > d when the band was left
};

struct PairWorkspace {
    std::vector<std::uint8_t> dir;
    std::vector<std::int64_t> h, f;
};

// query: the (sub)seed, target: the candidate (2-bit codes); d: the resolution.
[[nodiscard]] PairDiffs pair_diffs(const std::vector<std::uint8_t>& query, const std::vector<std::uint8_t>& target,
                                   const Scoring& scoring, int d, PairWorkspace& ws);

}  // namespace plateau::amplicon
