// Swarm d > 1 (swarm 3.1.2 algo.cc semantics). A (sub)seed A takes an unswarmed amplicon B when
// ab(B) <= ab(A) (not with -n) and swarm's alignment of A and B counts at most d differences
// (pair_diffs.hpp). swarm's q-gram filters (5-mer parity vectors, at least ceil(bits / 10)
// differences; and the estimate from the initial seed against the subseed's radius + d) only
// remove pairs with more than d differences: every edit changes at most 10 parity bits and the
// estimate obeys the triangle inequality, so they are left out here.
//
// Growth: from each unswarmed amplicon in order; subseeds are processed generation by generation,
// each generation in amplicon order; a subseed's new members in amplicon order (swarm's pool
// order); a generation's members are listed sorted by amplicon order (-o), the discovery order is
// kept for -i and -u. radius(B) = radius(A) + diffs(A, B); -s column 7 is the largest radius.
//
// Each generation's subseeds look for their links in parallel, each among the amplicons unswarmed
// when the generation starts: candidates from a pigeonhole index of 2d + 2 pieces (>= d + 2
// found), an exact bounded edit distance <= d, then swarm's alignment. The links are then taken
// serially in subseed order, skipping amplicons an earlier subseed took: the result does not
// depend on the thread count.
#pragma once

#include "amplicon/scoring.hpp"
#include "amplicon/swarm_d1.hpp"

namespace plateau::amplicon {

struct DnParams {
    int differences = 2;
    Scoring scoring;
    bool no_otu_breaking = false;
    int threads = 1;
};

[[nodiscard]] Clustering grow_dn_swarms(const AmpliconSet& set, const DnParams& params);

// d = 0 (swarm's derep.cc): identical sequences form a swarm; swarms by mass descending, then by
// their first amplicon; members in amplicon order; every member's parent is the seed.
[[nodiscard]] Clustering dereplicate_swarms(const AmpliconSet& set);

}  // namespace plateau::amplicon
