#include "amplicon/piece_index.hpp"

#include <algorithm>

namespace plateau::amplicon {

void PrefixHash::build(const std::vector<std::uint8_t>& seq) {
    prefix.resize(seq.size() + 1);
    if (power.size() < seq.size() + 1) {
        power.resize(seq.size() + 1);
        power[0] = 1;
        for (std::size_t i = 1; i < power.size(); ++i) power[i] = power[i - 1] * k_base;
    }
    prefix[0] = 0;
    for (std::size_t i = 0; i < seq.size(); ++i) prefix[i + 1] = prefix[i] * k_base + seq[i] + 1;
}

PieceIndex::PieceIndex(const AmpliconSet& set, const std::vector<std::uint32_t>& amps, int pieces) : m_pieces(pieces) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
    entries.reserve(amps.size() * static_cast<std::size_t>(pieces));
    PrefixHash ph;
    std::vector<std::uint8_t> seq;
    for (std::uint32_t amp : amps) {
        set.unpack(amp, seq);
        ph.build(seq);
        for (int k = 0; k < pieces; ++k) {
            const std::uint64_t h = ph.substring(bound(seq.size(), k), bound(seq.size(), k + 1));
            entries.emplace_back(key(seq.size(), k, h), amp);
        }
    }
    std::sort(entries.begin(), entries.end());
    std::uint64_t capacity = 64;
    while (capacity < 2 * entries.size()) capacity *= 2;
    m_mask = capacity - 1;
    m_keys.assign(capacity, 0);
    m_ranges.assign(capacity, {0, 0});
    m_ids.reserve(entries.size());
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

}  // namespace plateau::amplicon
