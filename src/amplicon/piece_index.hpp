// Pigeonhole index of amplicon pieces: each indexed amplicon of length l is cut into P pieces at
// k*l/P. If a sequence is within e edits of it, at least P - e pieces are untouched and occur
// verbatim in that sequence, shifted by at most e, and the lengths differ by at most e. A query
// looks up its substrings at those places for every length in [len - e, len + e]. Used by
// fastidious grafting (P = 6, e = 2) and by d > 1 clustering (P = 2d + 2, e = d).
#pragma once

#include "amplicon/amplicon_set.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace plateau::amplicon {

// Polynomial hashes of all prefixes, for O(1) substring hashes.
struct PrefixHash {
    static constexpr std::uint64_t k_base = 0x100000001b3ULL;
    std::vector<std::uint64_t> prefix, power;
    void build(const std::vector<std::uint8_t>& seq);
    [[nodiscard]] std::uint64_t substring(std::uint64_t begin, std::uint64_t end) const {
        return prefix[end] - prefix[begin] * power[end - begin];
    }
};

class PieceIndex {
public:
    // Indexes `amps` (indices into set), `pieces` (1..64) pieces each.
    PieceIndex(const AmpliconSet& set, const std::vector<std::uint32_t>& amps, int pieces);

    [[nodiscard]] int pieces() const { return m_pieces; }

    // Calls fn(amplicon, piece) for every indexed piece found in the query (its prefix hashes and
    // length) at a shift of at most max_shift, for indexed lengths within max_shift of len. The
    // same (amplicon, piece) may be reported more than once.
    template <typename Fn>
    void for_each_hit(const PrefixHash& query, std::size_t len, int max_shift, Fn&& fn) const {
        // Keys are computed a batch at a time and their slots prefetched before the probes: the
        // probes are random accesses into a table far larger than the caches.
        constexpr std::size_t k_batch = 32;
        std::array<std::uint64_t, k_batch> keys{};
        std::array<int, k_batch> piece{};
        std::size_t count = 0;
        const auto flush = [&] {
            for (std::size_t i = 0; i < count; ++i) {
                __builtin_prefetch(m_keys.data() + (keys[i] & m_mask));
                __builtin_prefetch(m_ranges.data() + (keys[i] & m_mask));
            }
            for (std::size_t i = 0; i < count; ++i) {
                for_each(keys[i], [&](std::uint32_t amp) { fn(amp, piece[i]); });
            }
            count = 0;
        };
        const auto shift = static_cast<std::int64_t>(max_shift);
        const auto qlen = static_cast<std::int64_t>(len);
        for (std::int64_t length = std::max<std::int64_t>(1, qlen - shift); length <= qlen + shift; ++length) {
            for (int k = 0; k < m_pieces; ++k) {
                const auto begin = static_cast<std::int64_t>(bound(static_cast<std::uint64_t>(length), k));
                const auto end = static_cast<std::int64_t>(bound(static_cast<std::uint64_t>(length), k + 1));
                for (std::int64_t s = -shift; s <= shift; ++s) {
                    if (begin + s < 0 || end + s > qlen) continue;
                    const std::uint64_t h = query.substring(static_cast<std::uint64_t>(begin + s),
                                                            static_cast<std::uint64_t>(end + s));
                    keys[count] = key(static_cast<std::uint64_t>(length), k, h);
                    piece[count] = k;
                    if (++count == k_batch) flush();
                }
            }
        }
        flush();
    }

private:
    [[nodiscard]] std::uint64_t bound(std::uint64_t length, int k) const {
        return static_cast<std::uint64_t>(k) * length / static_cast<std::uint64_t>(m_pieces);
    }
    static std::uint64_t key(std::uint64_t length, int k, std::uint64_t hash) {
        std::uint64_t x = hash ^ (length * 0x9e3779b97f4a7c15ULL) ^ (static_cast<std::uint64_t>(k + 1) * 0xc2b2ae3d27d4eb4fULL);
        x ^= x >> 31;
        x *= 0xbf58476d1ce4e5b9ULL;
        return x ^ (x >> 29);
    }
    template <typename Fn>
    void for_each(std::uint64_t key, Fn&& fn) const {
        for (std::uint64_t slot = key & m_mask; m_ranges[slot].second != 0; slot = (slot + 1) & m_mask) {
            if (m_keys[slot] != key) continue;
            for (std::uint32_t i = m_ranges[slot].first; i < m_ranges[slot].second; ++i) fn(m_ids[i]);
            return;
        }
    }

    int m_pieces = 1;
    std::vector<std::uint64_t> m_keys;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_ranges;  // end == 0: empty slot
    std::vector<std::uint32_t> m_ids;
    std::uint64_t m_mask = 0;
};

}  // namespace plateau::amplicon
