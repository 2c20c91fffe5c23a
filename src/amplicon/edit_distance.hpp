// Small exact edit-distance tests used by fastidious grafting.
#pragma once

#include <cstdint>
#include <vector>

namespace plateau::amplicon {

// Levenshtein distance (unit substitutions, insertions, deletions) of a and b, if it is at most
// `limit` (<= 4); otherwise limit + 1. Banded: O(len x (2 limit + 1)).
[[nodiscard]] int bounded_edit_distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, int limit);

}  // namespace plateau::amplicon
