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
    template <typename Fn>
    bool find(std::uint64_t hash, Fn&& fn) const {
        for (std::uint64_t j = hash & m_mask; m_values[j] != k_none; j = (j + 1) & m_mask) {
            if (m_keys[j] == hash && fn(m_values[j])) return true;
        }
        return false;
    }

private:
    std::vector<std::uint64_t> m_keys;
    std::vector<std::uint32_t> m_values;
    std::uint64_t m_mask = 0;
};

}  // namespace plateau::amplicon
