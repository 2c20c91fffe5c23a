// HashIndex: open-addressing table from Zobrist hash to amplicon index, for exact microvariant
// lookups (every hash hit is verified against the sequence by the caller).
#pragma once

#include "amplicon/amplicon_set.hpp"

#include <cstdint>
#include <vector>

namespace plateau::amplicon {

class HashIndex {
public:
    // Indexes every amplicon; throws plateau::Error naming both records if two sequences are equal.
    HashIndex(const AmpliconSet& set, const std::string& name);
    // Calls fn(amplicon) for each indexed amplicon whose hash equals `hash` until fn returns true.
    // A slot holds the upper 32 bits of the hash and the amplicon index, so that a probe is one
    // memory access; the callers' sequence checks make the rare partial-hash collisions harmless.
    template <typename Fn>
    bool find(std::uint64_t hash, Fn&& fn) const {
        const std::uint64_t bit = (hash >> 20) & m_filter_mask;
        if ((m_filter[bit >> 6] & (std::uint64_t{1} << (bit & 63U))) == 0) return false;
        const std::uint64_t tag = hash >> 32;
        for (std::uint64_t j = hash & m_mask; m_slots[j] != k_empty; j = (j + 1) & m_mask) {
            if ((m_slots[j] >> 32) == tag && fn(static_cast<std::uint32_t>(m_slots[j]))) return true;
        }
        return false;
    }

private:
    static constexpr std::uint64_t k_empty = ~std::uint64_t{0};
    std::vector<std::uint64_t> m_slots;
    std::uint64_t m_mask = 0;
    // One bit per 2^20-shifted hash, 16 bits per amplicon: most microvariants are absent, and this
    // small filter (as swarm's Bloom filter) answers them without touching the table.
    std::vector<std::uint64_t> m_filter;
    std::uint64_t m_filter_mask = 0;
};

}  // namespace plateau::amplicon
