// Global alignment for swarm's -u (uclust) output: swarm 3.1.2's nw.cc model, minimum cost with
// swarm's scoring (scoring.hpp; defaults mismatch 18, gap open 24, gap extension 13), and its
// backtracking priorities, so the CIGAR and the difference count match.
#pragma once

#include "amplicon/scoring.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct AlignmentResult {
    std::uint64_t length = 0;  // alignment columns
    std::uint64_t diffs = 0;   // columns that are not identical matches
    std::string cigar;         // e.g. "120M1D132M"
};

struct AlignmentWorkspace {
    std::vector<std::uint8_t> dir;
    std::vector<std::int64_t> he;
};

// db: the member, query: the seed (2-bit codes).
[[nodiscard]] AlignmentResult align_global(const std::vector<std::uint8_t>& db, const std::vector<std::uint8_t>& query,
                                           const Scoring& scoring, AlignmentWorkspace& ws);

}  // namespace plateau::amplicon
