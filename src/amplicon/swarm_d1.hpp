// Swarm d=1 (swarm 3.1.2 algod1.cc semantics): the network links A -> B when B is a microvariant
// of A and ab(A) >= ab(B); swarms grow from each unassigned amplicon in index order, generation by
// generation, each generation sorted by index; the parent is the first member (in list order) of
// the previous generation linking to the amplicon. Fastidious grafting (fastidious.cpp) then
// attaches whole light swarms to the tail of heavy ones.
#pragma once

#include "amplicon/amplicon_set.hpp"
#include "amplicon/hash_index.hpp"
#include "amplicon/variants.hpp"

#include <cstdint>
#include <vector>

namespace plateau::amplicon {

struct SwarmInfo {
    std::uint64_t mass = 0;
    std::uint32_t seed = 0, last = 0, size = 0, singletons = 0, maxgen = 0;
    std::uint32_t maxradius = 0;  // -s column 7: d > 1 the largest sum of differences from the seed (d = 1: maxgen)
    bool attached = false;
};

struct Clustering {
    std::vector<std::uint32_t> swarm_of, parent, generation, next, graft_parent;
    std::vector<SwarmInfo> swarms;
    std::uint64_t grafts = 0;
    int differences = 1;
    // d != 1 only: each amplicon's differences to its parent, and all amplicons swarm by swarm in
    // the order they were found (swarm's -i and -u order; -o follows `next`).
    std::vector<std::uint32_t> link_diffs, discovery;
};

// Links of each amplicon in CSR form (offsets has size()+1 entries), in variant order.
struct Network {
    std::vector<std::uint64_t> offsets;
    std::vector<std::uint32_t> targets;
};

// no_otu_breaking (-n): links regardless of abundances.
[[nodiscard]] Network build_network(const AmpliconSet& set, const Zobrist& zobrist, const HashIndex& index, int threads,
                                    bool no_otu_breaking);
[[nodiscard]] Clustering grow_swarms(const AmpliconSet& set, const Network& network);

}  // namespace plateau::amplicon
