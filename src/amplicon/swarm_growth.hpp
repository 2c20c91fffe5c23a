// The growth bookkeeping Swarm d = 1 (swarm_d1.cpp) and d > 1 (swarm_dn.cpp) share: swarms grow
// from each amplicon not in a swarm yet, in index order, generation by generation; a member found
// from subseed A is one generation further than A and has A as its parent; each generation's
// members are chained (`next`, swarm's -o order) sorted by index. How a generation finds its links
// is the caller's. d != 1 also lists the amplicons in the order they were found (`discovery`).
#pragma once

#include "amplicon/amplicon_set.hpp"
#include "amplicon/swarm_d1.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace plateau::amplicon {

// n amplicons, none in a swarm; link_diffs and discovery are kept for d != 1 only.
[[nodiscard]] inline Clustering empty_clustering(std::size_t n, int differences) {
    Clustering c;
    c.differences = differences;
    c.swarm_of.assign(n, k_none);
    c.parent.assign(n, k_none);
    c.generation.assign(n, 0);
    c.next.assign(n, k_none);
    c.graft_parent.assign(n, k_none);
    if (differences != 1) {
        c.link_diffs.assign(n, 0);
        c.discovery.reserve(n);
    }
    return c;
}

// Counts amp in a swarm's size, mass and singletons.
inline void add_member(const AmpliconSet& set, SwarmInfo& info, std::uint32_t amp) {
    const std::uint64_t abundance = set.info(amp).abundance;
    info.size += 1;
    info.mass += abundance;
    info.singletons += abundance == 1 ? 1U : 0U;
}

// The swarm being grown.
struct SwarmGrowth {
    const AmpliconSet& set;
    Clustering& c;
    std::uint32_t id = 0;
    SwarmInfo info;
    std::vector<std::uint32_t> found;  // the next generation, in the order its members were taken

    // Takes target (not in a swarm) into this swarm as a child of member.
    void take(std::uint32_t member, std::uint32_t target) {
        c.swarm_of[target] = id;
        c.generation[target] = c.generation[member] + 1;
        c.parent[target] = member;
        info.maxgen = std::max(info.maxgen, c.generation[target]);
        add_member(set, info, target);
        if (c.differences != 1) c.discovery.push_back(target);
        found.push_back(target);
    }
};

// Grows every swarm of c (from empty_clustering). next_generation(current, growth) calls
// growth.take(member, target) for the links of the current generation's members (current, in
// index order) to amplicons not in a swarm yet.
template <class NextGeneration>
void grow_from_each_seed(const AmpliconSet& set, Clustering& c, NextGeneration&& next_generation) {
    SwarmGrowth g{set, c, 0, SwarmInfo{}, {}};
    std::vector<std::uint32_t> current;
    const auto n = static_cast<std::uint32_t>(set.size());
    for (std::uint32_t seed = 0; seed < n; ++seed) {
        if (c.swarm_of[seed] != k_none) continue;
        g.id = static_cast<std::uint32_t>(c.swarms.size());
        g.info = SwarmInfo{};
        g.info.seed = g.info.last = seed;
        c.swarm_of[seed] = g.id;
        if (c.differences != 1) c.discovery.push_back(seed);
        add_member(set, g.info, seed);
        current.assign(1, seed);
        while (!current.empty()) {
            g.found.clear();
            next_generation(std::as_const(current), g);
            std::sort(g.found.begin(), g.found.end());
            for (const std::uint32_t amp : g.found) {
                c.next[g.info.last] = amp;
                g.info.last = amp;
            }
            current.swap(g.found);
        }
        c.swarms.push_back(g.info);
    }
}

}  // namespace plateau::amplicon
