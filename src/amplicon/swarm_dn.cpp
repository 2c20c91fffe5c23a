#include "amplicon/swarm_dn.hpp"

#include "amplicon/edit_distance.hpp"
#include "amplicon/pair_diffs.hpp"
#include "amplicon/parallel.hpp"
#include "amplicon/piece_index.hpp"
#include "amplicon/swarm_growth.hpp"

#include <algorithm>
#include <bit>
#include <memory>
#include <unordered_map>

namespace plateau::amplicon {

namespace {

constexpr int k_max_pieces = 64;  // pieces are tracked in a 64-bit mask

struct LinkWorkspace {
    PrefixHash hash;
    PairWorkspace pair;
    std::vector<std::uint8_t> seq, other, rest_a, rest_b;
    std::vector<std::uint64_t> found;     // per amplicon: pieces found (0 between queries)
    std::vector<std::uint32_t> touched;   // amplicons with a piece found
    std::vector<std::pair<std::uint32_t, std::uint32_t>> links;
};

// Candidates of amp: amplicons with at least pieces - d pieces found (all amplicons when the index
// is not used, i.e. for d > 31).
void candidates_of(const AmpliconSet& set, const PieceIndex* index, int d, LinkWorkspace& ws) {
    ws.touched.clear();
    if (index == nullptr) {
        for (std::uint32_t b = 0; b < set.size(); ++b) ws.touched.push_back(b);
        return;
    }
    ws.hash.build(ws.seq);
    index->for_each_hit(ws.hash, ws.seq.size(), d, [&](std::uint32_t b, int k) {
        std::uint64_t& seen = ws.found[b];
        if (seen == 0) ws.touched.push_back(b);
        seen |= std::uint64_t{1} << k;
    });
    std::size_t kept = 0;
    for (const std::uint32_t b : ws.touched) {
        if (std::popcount(ws.found[b]) >= index->pieces() - d) ws.touched[kept++] = b;
        ws.found[b] = 0;
    }
    ws.touched.resize(kept);
}

// The links of subseed amp to amplicons not in a swarm yet (`swarm_of` is only read), ascending.
void links_of(const AmpliconSet& set, const PieceIndex* index, std::uint32_t amp, const DnParams& p,
              const std::vector<std::uint32_t>& swarm_of, LinkWorkspace& ws) {
    set.unpack(amp, ws.seq);
    candidates_of(set, index, p.differences, ws);
    const std::uint64_t abundance = set.info(amp).abundance;
    const std::int64_t saturated = p.scoring.saturated_cost(p.differences);
    ws.links.clear();
    for (const std::uint32_t b : ws.touched) {
        if (swarm_of[b] != k_none || (!p.no_otu_breaking && set.info(b).abundance > abundance)) continue;
        const std::uint32_t lb = set.info(b).length;
        if (lb + static_cast<std::uint32_t>(p.differences) < ws.seq.size() ||
            lb > ws.seq.size() + static_cast<std::size_t>(p.differences)) {
            continue;
        }
        // d differences need at most d edits: the cheap exact test first
        const PackedSequence pa{set.packed(amp), set.info(amp).length};
        const PackedSequence pb{set.packed(b), lb};
        constexpr int k_branching_limit = 4;  // within_edits branches 3^d ways at most
        if (p.differences <= k_branching_limit ? !within_edits(pa, pb, p.differences)
                                               : bounded_edit_distance(pa, pb, p.differences, ws.rest_a, ws.rest_b) > p.differences) {
            continue;
        }
        set.unpack(b, ws.other);
        const PairDiffs r = pair_diffs(ws.seq, ws.other, p.scoring, p.differences, ws.pair);
        if (r.cost < saturated && r.diffs <= static_cast<std::uint32_t>(p.differences)) ws.links.emplace_back(b, r.diffs);
    }
    std::sort(ws.links.begin(), ws.links.end());
}

}  // namespace

namespace {

struct Grower {
    const AmpliconSet& set;
    const DnParams& p;
    std::unique_ptr<PieceIndex> index;
    std::vector<LinkWorkspace> workspaces;
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> links;  // per subseed of a generation
    std::vector<std::uint32_t> radius;

    Grower(const AmpliconSet& s, const DnParams& params) : set(s), p(params), radius(s.size(), 0) {
        const int pieces = 2 * p.differences + 2;
        if (pieces <= k_max_pieces) {
            std::vector<std::uint32_t> all(set.size());
            for (std::uint32_t a = 0; a < all.size(); ++a) all[a] = a;
            index = std::make_unique<PieceIndex>(set, all, pieces);
        }
        workspaces.resize(static_cast<std::size_t>(std::max(p.threads, 1)));
        for (LinkWorkspace& ws : workspaces) ws.found.assign(index ? set.size() : 0, 0);
    }

    // Links of every subseed of a generation to the amplicons unswarmed when it starts; in
    // parallel when the generation is large. Each subseed has its own slot: no thread dependence.
    void find_links(const std::vector<std::uint32_t>& subseeds, const std::vector<std::uint32_t>& swarm_of) {
        links.resize(std::max(links.size(), subseeds.size()));
        constexpr std::size_t k_parallel = 8;
        const int threads = subseeds.size() >= k_parallel ? p.threads : 1;
        parallel_chunks(subseeds.size(), 1, threads, [&](std::size_t, std::size_t begin, std::size_t end, int w) {
            LinkWorkspace& ws = workspaces[static_cast<std::size_t>(w)];
            for (std::size_t k = begin; k < end; ++k) {
                links_of(set, index.get(), subseeds[k], p, swarm_of, ws);
                links[k] = ws.links;
            }
        });
    }
};

}  // namespace

Clustering grow_dn_swarms(const AmpliconSet& set, const DnParams& params) {
    Clustering c = empty_clustering(set.size(), params.differences);
    Grower grower(set, params);
    grow_from_each_seed(set, c, [&](const std::vector<std::uint32_t>& current, SwarmGrowth& g) {
        grower.find_links(current, c.swarm_of);
        for (std::size_t k = 0; k < current.size(); ++k) {
            const std::uint32_t member = current[k];
            for (const auto& [target, diffs] : grower.links[k]) {
                if (c.swarm_of[target] != k_none) continue;  // taken by an earlier subseed
                g.take(member, target);
                c.link_diffs[target] = diffs;
                grower.radius[target] = grower.radius[member] + diffs;
                g.info.maxradius = std::max(g.info.maxradius, grower.radius[target]);
            }
        }
    });
    return c;
}

Clustering dereplicate_swarms(const AmpliconSet& set) {
    const std::size_t n = set.size();
    Clustering c = empty_clustering(n, 0);
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_hash;  // Zobrist hash -> swarm ids
    std::vector<std::uint8_t> seq, other, rest_a, rest_b;
    std::vector<SwarmInfo> groups;
    for (std::uint32_t a = 0; a < n; ++a) {
        std::vector<std::uint32_t>& ids = by_hash[set.info(a).hash];
        std::uint32_t group = k_none;
        set.unpack(a, seq);
        for (const std::uint32_t g : ids) {
            set.unpack(groups[g].seed, other);
            if (other == seq) group = g;
        }
        if (group == k_none) {
            group = static_cast<std::uint32_t>(groups.size());
            ids.push_back(group);
            groups.push_back(SwarmInfo{.seed = a, .last = a});
        } else {
            c.next[groups[group].last] = a;
            groups[group].last = a;
            c.parent[a] = groups[group].seed;
        }
        add_member(set, groups[group], a);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const SwarmInfo& x, const SwarmInfo& y) {
        return x.mass != y.mass ? x.mass > y.mass : x.seed < y.seed;
    });
    c.swarms = std::move(groups);
    for (std::uint32_t s = 0; s < c.swarms.size(); ++s) {
        for (std::uint32_t a = c.swarms[s].seed; a != k_none; a = c.next[a]) {
            c.swarm_of[a] = s;
            c.discovery.push_back(a);
        }
    }
    return c;
}

}  // namespace plateau::amplicon
