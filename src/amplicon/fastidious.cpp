#include "amplicon/fastidious.hpp"

#include "amplicon/parallel.hpp"

#include <algorithm>
#include <atomic>

namespace plateau::amplicon {

namespace {

class BloomFilter {
public:
    explicit BloomFilter(std::uint64_t bits) : m_words(std::max<std::uint64_t>(1, bits / 64), 0) {}
    void insert(std::uint64_t hash) {
        std::atomic_ref<std::uint64_t>(m_words[word(hash)]).fetch_or(mask(hash), std::memory_order_relaxed);
    }
    [[nodiscard]] bool contains(std::uint64_t hash) const {
        const std::uint64_t m = mask(hash);
        return (m_words[word(hash)] & m) == m;
    }

private:
    [[nodiscard]] std::size_t word(std::uint64_t hash) const {
        return static_cast<std::size_t>((hash >> 7) % m_words.size());
    }
    static std::uint64_t mask(std::uint64_t hash) {
        std::uint64_t g = hash * 0x9e3779b97f4a7c15ULL;
        std::uint64_t m = 0;
        for (int k = 0; k < 6; ++k, g >>= 6) m |= 1ULL << (g & 63U);
        return m;
    }
    std::vector<std::uint64_t> m_words;
};

struct ScanWorkspace {
    VariantWorkspace first, second;
    std::vector<std::uint8_t> seq, variant, other;
};

void record_candidate(std::vector<std::uint32_t>& best, std::uint32_t light, std::uint32_t heavy) {
    std::atomic_ref<std::uint32_t> slot(best[light]);
    std::uint32_t current = slot.load(std::memory_order_relaxed);
    while (heavy < current && !slot.compare_exchange_weak(current, heavy, std::memory_order_relaxed)) {
    }
}

void scan_heavy(const AmpliconSet& set, const Zobrist& zobrist, const HashIndex& index, const BloomFilter& bloom,
                const std::vector<char>& light, std::uint32_t heavy, ScanWorkspace& ws, std::vector<std::uint32_t>& best) {
    set.unpack(heavy, ws.seq);
    generate_variants(zobrist, ws.seq, ws.first);
    for (const Variant& v : ws.first.variants) {
        if (!bloom.contains(v.hash)) continue;
        apply_variant(ws.seq, v, ws.variant);
        generate_variants(zobrist, ws.variant, ws.second);
        for (const Variant& w : ws.second.variants) {
            index.find(w.hash, [&](std::uint32_t amp) {
                if (light[amp] == 0) return false;
                set.unpack(amp, ws.other);
                if (!variant_equals(ws.variant, w, ws.other)) return false;
                record_candidate(best, amp, heavy);
                return true;
            });
        }
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

void graft_light_swarms(const AmpliconSet& set, const Zobrist& zobrist, const HashIndex& index, std::uint64_t boundary,
                        int threads, Clustering& c) {
    const std::size_t n = set.size();
    std::vector<char> light(n, 0);
    std::vector<std::uint32_t> heavy_amps, light_amps;
    std::uint64_t light_nucleotides = 0;
    for (std::uint32_t a = 0; a < n; ++a) {
        if (c.swarms[c.swarm_of[a]].mass < boundary) {
            light[a] = 1;
            light_amps.push_back(a);
            light_nucleotides += set.info(a).length;
        } else {
            heavy_amps.push_back(a);
        }
    }
    if (light_amps.empty() || heavy_amps.empty()) return;
    BloomFilter bloom(std::max<std::uint64_t>(64, 16 * 7 * light_nucleotides));
    std::vector<VariantWorkspace> vws(static_cast<std::size_t>(std::max(threads, 1)));
    std::vector<std::vector<std::uint8_t>> seqs(vws.size());
    parallel_chunks(light_amps.size(), 1024, threads, [&](std::size_t, std::size_t begin, std::size_t end, int w) {
        const auto k = static_cast<std::size_t>(w);
        for (std::size_t i = begin; i < end; ++i) {
            set.unpack(light_amps[i], seqs[k]);
            generate_variants(zobrist, seqs[k], vws[k]);
            for (const Variant& v : vws[k].variants) bloom.insert(v.hash);
        }
    });
    std::vector<std::uint32_t> best(n, k_none);
    std::vector<ScanWorkspace> sws(vws.size());
    parallel_chunks(heavy_amps.size(), 64, threads, [&](std::size_t, std::size_t begin, std::size_t end, int w) {
        for (std::size_t i = begin; i < end; ++i) {
            scan_heavy(set, zobrist, index, bloom, light, heavy_amps[i], sws[static_cast<std::size_t>(w)], best);
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
