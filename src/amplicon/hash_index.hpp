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
        const std::uint64_t bits = filter_bits(hash);
        if ((m_filter[filter_word(hash)] & bits) != bits) return false;
        const std::uint64_t tag = hash >> 32;
        for (std::uint64_t j = hash & m_mask; m_slots[j] != k_empty; j = (j + 1) & m_mask) {
            if ((m_slots[j] >> 32) == tag && fn(static_cast<std::uint32_t>(m_slots[j]))) return true;
        }
        return false;
    }

    void prefetch(std::uint64_t hash) const { __builtin_prefetch(m_filter.data() + filter_word(hash)); }

private:
    static constexpr std::uint64_t k_empty = ~std::uint64_t{0};
    std::vector<std::uint64_t> m_slots;
    std::uint64_t m_mask = 0;
    // A Bloom filter in front of the table (as swarm's): 32 bits per amplicon, 3 bits per key in one
    // 64-bit word. Most microvariants are absent, and it answers them without touching the table.
    [[nodiscard]] std::size_t filter_word(std::uint64_t hash) const { return (hash >> 32) & m_filter_mask; }
    static std::uint64_t filter_bits(std::uint64_t hash) {
        const std::uint64_t g = hash * 0x9e3779b97f4a7c15ULL;
        return (std::uint64_t{1} << (g >> 58)) | (std::uint64_t{1} << ((g >> 52) & 63U)) |
               (std::uint64_t{1} << ((g >> 46) & 63U));
    }
    std::vector<std::uint64_t> m_filter;
    std::uint64_t m_filter_mask = 0;  // number of words - 1
};

}  // namespace plateau::amplicon
