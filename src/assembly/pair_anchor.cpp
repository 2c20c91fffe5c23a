// Read placement near unitig ends (pair_anchor.hpp).
#include "assembly/pair_anchor.hpp"

#include "assembly/kmer.hpp"

#include <vector>

namespace plateau::assembly {

namespace {

constexpr std::uint64_t k_ambiguous = ~std::uint64_t(0);
constexpr std::uint64_t k_anchor_mask = (std::uint64_t(1) << (2 * k_anchor_k)) - 1;
constexpr int k_rc_shift = 2 * (k_anchor_k - 1);

// Calls f(position, forward word, reverse-complement word) for each 31-mer of ACGT letters.
template <class F>
void for_each_anchor_kmer(std::string_view seq, F&& f) {
    std::uint64_t fwd = 0, rc = 0;
    int valid = 0;
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const int code = base_code(seq[i]);
        if (code > 3) {
            valid = 0;
            continue;
        }
        fwd = ((fwd << 2) | std::uint64_t(code)) & k_anchor_mask;
        rc = (rc >> 2) | (std::uint64_t(3 - code) << k_rc_shift);
        if (++valid >= k_anchor_k && f(i + 1 - std::size_t(k_anchor_k), fwd, rc)) return;
    }
}

}  // namespace

EndAnchors::EndAnchors(const UnitigGraph& graph, std::size_t window) : m_graph(graph) {
    for (std::uint32_t u = 0; u < graph.size(); ++u) {
        if (graph.removed(u)) continue;
        const std::string& seq = graph.node(u).seq;
        const std::size_t length = seq.size();
        for_each_anchor_kmer(seq, [&](std::size_t p, std::uint64_t fwd, std::uint64_t rc) {
            if (p >= window && p + std::size_t(k_anchor_k) + window <= length) return false;
            const std::uint64_t key = fwd < rc ? fwd : rc;
            const std::uint64_t value = std::uint64_t(u) << 32 | std::uint64_t(p) << 1 | (fwd < rc ? 1u : 0u);
            auto [it, inserted] = m_index.try_emplace(key, value);
            if (!inserted && it->second != value) it->second = k_ambiguous;
            return false;
        });
    }
}

std::optional<EndAnchors::Hit> EndAnchors::lookup(std::uint64_t fwd, std::uint64_t rc, std::size_t pos,
                                                  std::size_t read_length) const {
    const auto it = m_index.find(fwd < rc ? fwd : rc);
    if (it == m_index.end() || it->second == k_ambiguous) return std::nullopt;
    const auto node = std::uint32_t(it->second >> 32);
    const auto p = std::int64_t((it->second >> 1) & 0x7fffffffu);
    const bool node_canonical = (it->second & 1u) != 0;
    const bool read_canonical = fwd < rc;
    if (node_canonical == read_canonical) return Hit{node, std::int32_t(p - std::int64_t(pos)), false};
    const auto rc_pos = std::int64_t(read_length) - std::int64_t(pos) - k_anchor_k;
    return Hit{node, std::int32_t(p - rc_pos), true};
}

std::optional<MatePlacement> EndAnchors::place(std::string_view read, int step) const {
    std::vector<Hit> hits;
    std::optional<Hit> found;
    for_each_anchor_kmer(read, [&](std::size_t pos, std::uint64_t fwd, std::uint64_t rc) {
        if (pos % std::size_t(step) != 0) return false;
        const std::optional<Hit> hit = lookup(fwd, rc, pos, read.size());
        if (!hit) return false;
        for (const Hit& h : hits) {
            if (h.node == hit->node && h.start == hit->start && h.reverse == hit->reverse) {
                found = h;
                return true;
            }
        }
        hits.push_back(*hit);
        return false;
    });
    if (!found) return std::nullopt;
    const auto length = std::int32_t(m_graph.length(found->node));
    if (!found->reverse) return MatePlacement{2 * found->node + 1, length - found->start};
    return MatePlacement{2 * found->node, found->start + std::int32_t(read.size())};
}

}  // namespace plateau::assembly
