#include "amplicon/fastidious.hpp"

#include "amplicon/edit_distance.hpp"
#include "amplicon/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <bit>

namespace plateau::amplicon {

namespace {

constexpr int k_pieces = 6;
constexpr int k_max_shift = 2;

std::uint64_t piece_bound(std::uint64_t length, int k) { return static_cast<std::uint64_t>(k) * length / k_pieces; }

// Polynomial hashes of all prefixes, for O(1) substring hashes.
struct PrefixHash {
    static constexpr std::uint64_t k_base = 0x100000001b3ULL;
    std::vector<std::uint64_t> prefix, power;
    void build(const std::vector<std::uint8_t>& seq) {
        prefix.resize(seq.size() + 1);
        if (power.size() < seq.size() + 1) {
            power.resize(seq.size() + 1);
            power[0] = 1;
            for (std::size_t i = 1; i < power.size(); ++i) power[i] = power[i - 1] * k_base;
        }
        prefix[0] = 0;
        for (std::size_t i = 0; i < seq.size(); ++i) prefix[i + 1] = prefix[i] * k_base + seq[i] + 1;
    }
    [[nodiscard]] std::uint64_t substring(std::uint64_t begin, std::uint64_t end) const {
        return prefix[end] - prefix[begin] * power[end - begin];
    }
};

std::uint64_t piece_key(std::uint64_t length, int k, std::uint64_t hash) {
    std::uint64_t x = hash ^ (length * 0x9e3779b97f4a7c15ULL) ^ (static_cast<std::uint64_t>(k + 1) * 0xc2b2ae3d27d4eb4fULL);
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ULL;
    return x ^ (x >> 29);
}

// Light amplicons by (length, piece number, piece content).
class PieceIndex {
public:
    PieceIndex(const AmpliconSet& set, const std::vector<std::uint32_t>& light_amps) {
        std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
        entries.reserve(light_amps.size() * k_pieces);
        PrefixHash ph;
        std::vector<std::uint8_t> seq;
        for (std::uint32_t amp : light_amps) {
            set.unpack(amp, seq);
            ph.build(seq);
            for (int k = 0; k < k_pieces; ++k) {
                const std::uint64_t h = ph.substring(piece_bound(seq.size(), k), piece_bound(seq.size(), k + 1));
                entries.emplace_back(piece_key(seq.size(), k, h), amp);
            }
        }
        std::sort(entries.begin(), entries.end());
        std::uint64_t capacity = 64;
        while (capacity < 2 * entries.size()) capacity *= 2;
        m_mask = capacity - 1;
        m_keys.assign(capacity, 0);
        m_ranges.assign(capacity, {0, 0});
        for (std::size_t i = 0; i < entries.size();) {
            std::size_t j = i;
            while (j < entries.size() && entries[j].first == entries[i].first) m_ids.push_back(entries[j++].second);
            std::uint64_t slot = entries[i].first & m_mask;
            while (m_ranges[slot].second != 0) slot = (slot + 1) & m_mask;
            m_keys[slot] = entries[i].first;
            m_ranges[slot] = {static_cast<std::uint32_t>(m_ids.size() - (j - i)), static_cast<std::uint32_t>(m_ids.size())};
            i = j;
        }
    }
    template <typename Fn>
    void for_each(std::uint64_t key, Fn&& fn) const {
        for (std::uint64_t slot = key & m_mask; m_ranges[slot].second != 0; slot = (slot + 1) & m_mask) {
            if (m_keys[slot] != key) continue;
            for (std::uint32_t i = m_ranges[slot].first; i < m_ranges[slot].second; ++i) fn(m_ids[i]);
            return;
        }
    }

private:
    std::vector<std::uint64_t> m_keys;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_ranges;  // end == 0: empty slot
    std::vector<std::uint32_t> m_ids;
    std::uint64_t m_mask = 0;
};

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
    const std::size_t min_length = len > k_max_shift ? len - k_max_shift : 1;
    for (std::size_t length = min_length; length <= len + k_max_shift; ++length) {
        for (int k = 0; k < k_pieces; ++k) {
            const auto begin = static_cast<long>(piece_bound(length, k));
            const auto end = static_cast<long>(piece_bound(length, k + 1));
            const auto bit = static_cast<std::uint8_t>(1U << k);
            for (long shift = -k_max_shift; shift <= k_max_shift; ++shift) {
                if (begin + shift < 0 || end + shift > static_cast<long>(len)) continue;
                const std::uint64_t h = ws.hash.substring(static_cast<std::uint64_t>(begin + shift),
                                                          static_cast<std::uint64_t>(end + shift));
                index.for_each(piece_key(length, k, h), [&](std::uint32_t light) {
                    std::uint8_t& seen = ws.pieces[light];
                    if (seen == 0) ws.touched.push_back(light);
                    seen |= bit;
                });
            }
        }
    }
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
        if (bounded_edit_distance(h, l, 2, ws.seq_rest, ws.other) <= 2) record_candidate(best, light, heavy);
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
    const PieceIndex index(set, light_amps);
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
