#include "amplicon/fastidious.hpp"

#include "amplicon/edit_distance.hpp"
#include "amplicon/parallel.hpp"
#include "amplicon/piece_index.hpp"

#include <algorithm>
#include <atomic>
#include <bit>

namespace plateau::amplicon {

namespace {

constexpr int k_pieces = 6;
constexpr int k_max_shift = 2;

struct ScanWorkspace {
    PrefixHash hash;
    std::vector<std::uint8_t> seq, seq_rest, other;
    std::vector<std::uint8_t> pieces;     // per amplicon: bit k set when its piece k was found (0 between scans)
    std::vector<std::uint32_t> touched;   // amplicons with a bit set
};

void record_candidate(std::vector<std::uint32_t>& best, std::uint32_t light, std::uint32_t heavy) {
    std::atomic_ref<std::uint32_t> slot(best[light]);
    std::uint32_t current = slot.load(std::memory_order_relaxed);
    while (heavy < current && !slot.compare_exchange_weak(current, heavy, std::memory_order_relaxed)) {
    }
}

void collect_piece_hits(const PieceIndex& index, std::size_t len, ScanWorkspace& ws) {
    index.for_each_hit(ws.hash, len, k_max_shift, [&](std::uint32_t light, int k) {
        std::uint8_t& seen = ws.pieces[light];
        if (seen == 0) ws.touched.push_back(light);
        seen |= static_cast<std::uint8_t>(1U << k);
    });
}

void scan_heavy(const AmpliconSet& set, const PieceIndex& index, std::uint32_t heavy, ScanWorkspace& ws,
                std::vector<std::uint32_t>& best) {
    set.unpack(heavy, ws.seq);
    ws.hash.build(ws.seq);
    ws.touched.clear();
    collect_piece_hits(index, ws.seq.size(), ws);
    for (const std::uint32_t light : ws.touched) {
        const int found = std::popcount(ws.pieces[light]);
        ws.pieces[light] = 0;
        if (found < k_pieces - 2 || std::atomic_ref<std::uint32_t>(best[light]).load(std::memory_order_relaxed) < heavy) {
            continue;
        }
        const PackedSequence h{set.packed(heavy), set.info(heavy).length};
        const PackedSequence l{set.packed(light), set.info(light).length};
        if (within_edits(h, l, 2)) record_candidate(best, light, heavy);
    }
}

void attach(Clustering& c, std::uint32_t heavy, std::uint32_t light) {
    SwarmInfo& h = c.swarms[c.swarm_of[heavy]];
    SwarmInfo& l = c.swarms[c.swarm_of[light]];
    c.next[h.last] = l.seed;
    h.last = l.last;
    h.size += l.size;
    h.singletons += l.singletons;
    h.mass += l.mass;
    l.attached = true;
}

}  // namespace

void graft_light_swarms(const AmpliconSet& set, std::uint64_t boundary, int threads, Clustering& c) {
    const std::size_t n = set.size();
    std::vector<std::uint32_t> heavy_amps, light_amps;
    for (std::uint32_t a = 0; a < n; ++a) {
        (c.swarms[c.swarm_of[a]].mass < boundary ? light_amps : heavy_amps).push_back(a);
    }
    if (light_amps.empty() || heavy_amps.empty()) return;
    const PieceIndex index(set, light_amps, k_pieces);
    std::vector<std::uint32_t> best(n, k_none);
    std::vector<ScanWorkspace> workspaces(static_cast<std::size_t>(std::max(threads, 1)));
    for (ScanWorkspace& ws : workspaces) ws.pieces.assign(n, 0);
    parallel_chunks(heavy_amps.size(), 64, threads, [&](std::size_t, std::size_t begin, std::size_t end, int w) {
        for (std::size_t i = begin; i < end; ++i) {
            scan_heavy(set, index, heavy_amps[i], workspaces[static_cast<std::size_t>(w)], best);
        }
    });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t a = 0; a < n; ++a) {
        if (best[a] != k_none) pairs.emplace_back(best[a], a);
    }
    std::sort(pairs.begin(), pairs.end());
    for (const auto& [heavy, amp] : pairs) {
        if (c.swarms[c.swarm_of[amp]].attached) continue;
        attach(c, heavy, amp);
        c.graft_parent[amp] = heavy;
        ++c.grafts;
    }
}

}  // namespace plateau::amplicon
