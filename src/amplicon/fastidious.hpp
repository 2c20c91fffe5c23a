// Fastidious grafting (swarm 3.1.2 -f, algod1.cc): swarms with mass < boundary are light, the
// others heavy. A light amplicon L is a graft candidate of a heavy amplicon H when H reaches L in
// two microvariant steps (H -> V -> L, i.e. edit distance 1 or 2); each L keeps its smallest H.
// Pairs sorted by (H, L) attach L's whole swarm to the tail of H's swarm unless already attached.
// As swarm, V is first tested against a Bloom filter of the light amplicons' microvariants
// (16 bits per entry, 7 entries per light nucleotide); every final match is exact.
#pragma once

#include "amplicon/swarm_d1.hpp"

namespace plateau::amplicon {

void graft_light_swarms(const AmpliconSet& set, const Zobrist& zobrist, const HashIndex& index, std::uint64_t boundary,
                        int threads, Clustering& clustering);

}  // namespace plateau::amplicon
