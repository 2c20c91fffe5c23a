#include "amplicon/swarm_d1.hpp"

#include "amplicon/parallel.hpp"
#include "amplicon/swarm_growth.hpp"

#include <algorithm>

namespace plateau::amplicon {

namespace {

struct ChunkLinks {
    std::vector<std::uint32_t> counts, targets;
};

struct NetworkWorkspace {
    VariantWorkspace variants;
    std::vector<std::uint8_t> seq, other;
};

void links_of(const AmpliconSet& set, const Zobrist& zobrist, const HashIndex& index, std::uint32_t amp,
              bool no_otu_breaking, NetworkWorkspace& ws, std::vector<std::uint32_t>& out) {
    set.unpack(amp, ws.seq);
    const std::uint64_t abundance = no_otu_breaking ? ~std::uint64_t{0} : set.info(amp).abundance;
    generate_variants(zobrist, ws.seq, ws.variants);
    const std::vector<Variant>& variants = ws.variants.variants;
    constexpr std::size_t k_ahead = 24;  // the presence filter is prefetched this many variants ahead
    for (std::size_t k = 0; k < std::min(k_ahead, variants.size()); ++k) index.prefetch(variants[k].hash);
    for (std::size_t k = 0; k < variants.size(); ++k) {
        if (k + k_ahead < variants.size()) index.prefetch(variants[k + k_ahead].hash);
        const Variant& v = variants[k];
        index.find(v.hash, [&](std::uint32_t other) {
            if (other == amp || set.info(other).abundance > abundance) return false;
            set.unpack(other, ws.other);
            if (!variant_equals(ws.seq, v, ws.other)) return false;
            out.push_back(other);
            return true;
        });
    }
}

}  // namespace

Network build_network(const AmpliconSet& set, const Zobrist& zobrist, const HashIndex& index, int threads,
                      bool no_otu_breaking) {
    constexpr std::size_t k_chunk = 2048;
    const std::size_t n = set.size();
    std::vector<ChunkLinks> chunks((n + k_chunk - 1) / k_chunk);
    std::vector<NetworkWorkspace> workspaces(static_cast<std::size_t>(std::max(threads, 1)));
    parallel_chunks(n, k_chunk, threads, [&](std::size_t c, std::size_t begin, std::size_t end, int worker) {
        ChunkLinks& links = chunks[c];
        for (std::size_t a = begin; a < end; ++a) {
            const std::size_t before = links.targets.size();
            links_of(set, zobrist, index, static_cast<std::uint32_t>(a), no_otu_breaking,
                     workspaces[static_cast<std::size_t>(worker)], links.targets);
            links.counts.push_back(static_cast<std::uint32_t>(links.targets.size() - before));
        }
    });
    Network network;
    network.offsets.reserve(n + 1);
    network.offsets.push_back(0);
    for (ChunkLinks& links : chunks) {
        for (std::uint32_t count : links.counts) network.offsets.push_back(network.offsets.back() + count);
        network.targets.insert(network.targets.end(), links.targets.begin(), links.targets.end());
        links = ChunkLinks{};
    }
    return network;
}

Clustering grow_swarms(const AmpliconSet& set, const Network& network) {
    Clustering c = empty_clustering(set.size(), 1);
    grow_from_each_seed(set, c, [&](const std::vector<std::uint32_t>& current, SwarmGrowth& g) {
        for (const std::uint32_t member : current) {
            for (std::uint64_t k = network.offsets[member]; k < network.offsets[member + 1]; ++k) {
                const std::uint32_t target = network.targets[k];
                if (c.swarm_of[target] == k_none) g.take(member, target);
            }
        }
    });
    for (SwarmInfo& info : c.swarms) info.maxradius = info.maxgen;
    return c;
}

}  // namespace plateau::amplicon
