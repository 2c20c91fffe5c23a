// A database sequence sharing k-mers with a query, and vsearch's order of candidates (searchcore's
// heap): more shared k-mers first, then the shorter sequence, then the earlier one. Used by the
// UCHIME parent search and the UNOISE3 centroid search.
#pragma once

#include <cstdint>

namespace plateau::amplicon {

struct WordCandidate {
    std::uint32_t count = 0;   // shared unique k-mers
    std::uint32_t length = 0;  // candidate length
    std::uint32_t target = 0;  // candidate index
};

[[nodiscard]] inline bool better_candidate(const WordCandidate& a, const WordCandidate& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.length != b.length) return a.length < b.length;
    return a.target < b.target;
}

}  // namespace plateau::amplicon
