// swarm 3.1.2's scoring system (swarm.cc args_init, algo.cc): the user's match reward m,
// mismatch penalty p, gap opening g and gap extension e (defaults 5, 4, 12, 4) become minimum-cost
// penalties mismatch 2m + 2p, gap open 2g, gap extension m + 2e, divided by their gcd (defaults:
// 18, 24, 13). The first column of a gap costs open + extension. d > 1 searches run in 8-bit
// arithmetic (costs saturate at 255) unless d > min(255 / mismatch, 255 / (open + extension)),
// then in 16-bit (65535).
#pragma once

#include <cstdint>

namespace plateau::amplicon {

struct Scoring {
    std::int64_t mismatch = 18, gap_open = 24, gap_extend = 13;

    [[nodiscard]] std::int64_t first_gap() const { return gap_open + gap_extend; }
    // The largest d searched in 8-bit arithmetic, and the cost at which a search saturates for d.
    [[nodiscard]] std::int64_t diff_saturation_8() const;
    [[nodiscard]] std::int64_t saturated_cost(int differences) const;
    // The largest d swarm accepts for this scoring ("Resolution (d) too high").
    [[nodiscard]] std::int64_t diff_saturation_16() const;
};

// From swarm's -m -p -g -e values (validated by the caller: m, p >= 1, g, e >= 0, g + e >= 1).
[[nodiscard]] Scoring make_scoring(std::int64_t match_reward, std::int64_t mismatch_penalty, std::int64_t gap_opening,
                                   std::int64_t gap_extension);

}  // namespace plateau::amplicon
