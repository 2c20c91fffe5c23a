// Small exact edit-distance tests used by fastidious grafting.
#pragma once

#include <cstdint>
#include <vector>

namespace plateau::amplicon {

// Levenshtein distance (unit substitutions, insertions, deletions) of a and b, if it is at most
// `limit`; otherwise limit + 1. Banded: O(len x (2 limit + 1)), no allocation for limits <= 4.
[[nodiscard]] int bounded_edit_distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, int limit);

struct PackedSequence {
    const std::uint64_t* words = nullptr;  // 2-bit codes, 32 per word, base k at bits 2 (k % 32)
    std::uint32_t length = 0;
};

// The same for 2-bit packed sequences: the common prefix (compared a word at a time) and the common
// suffix are removed first, which leaves the edit distance unchanged; the rest goes to the band.
// `scratch` holds the two remainders.
[[nodiscard]] int bounded_edit_distance(PackedSequence a, PackedSequence b, int limit,
                                        std::vector<std::uint8_t>& scratch_a, std::vector<std::uint8_t>& scratch_b);

// Whether the edit distance of a and b is at most `limit` (small: the search branches 3^limit
// ways at most). Exact: the common prefix and suffix (compared 32 bases at a time) do not change
// the distance; then the first column of an optimal alignment is a substitution, a deletion or
// an insertion, and the rest must be within limit - 1.
[[nodiscard]] bool within_edits(PackedSequence a, PackedSequence b, int limit);

}  // namespace plateau::amplicon
