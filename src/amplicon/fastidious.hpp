// Fastidious grafting (swarm 3.1.2 -f, algod1.cc): swarms with mass < boundary are light, the
// others heavy. swarm makes a light amplicon L a graft candidate of a heavy amplicon H when H
// reaches L in two microvariant steps (H -> V -> L), that is when 1 <= edit distance(H, L) <= 2
// (every 1- or 2-edit pair has such a V); each L keeps its smallest H. Pairs sorted by (H, L)
// attach L's whole swarm to the tail of H's swarm unless it is already attached.
//
// The candidate set is found here without swarm's Bloom filter of all light microvariants: each
// light amplicon of length l is cut into 6 pieces at k*l/6; two edits touch at most two pieces,
// so a light amplicon within 2 edits of H has >= 4 pieces found verbatim in H, shifted by at most
// 2. H looks up its substrings at those places for l in [len-2, len+2], and every light amplicon
// with >= 4 matching pieces is checked with an exact banded edit distance. Same candidates, far
// less memory (6 index entries per light amplicon instead of ~7 x 16 bits per nucleotide).
#pragma once

#include "amplicon/swarm_d1.hpp"

namespace plateau::amplicon {

void graft_light_swarms(const AmpliconSet& set, std::uint64_t boundary, int threads, Clustering& clustering);

}  // namespace plateau::amplicon
