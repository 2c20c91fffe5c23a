#include "amplicon/hash_index.hpp"

#include "core/error.hpp"

namespace plateau::amplicon {

HashIndex::HashIndex(const AmpliconSet& set, const std::string& name) {
    std::uint64_t capacity = 1024;
    while (capacity < 2 * set.size()) capacity *= 2;
    m_slots.assign(capacity, k_empty);
    std::uint64_t filter_words = 64;
    while (filter_words * 64 < 32 * set.size()) filter_words *= 2;
    m_filter.assign(filter_words, 0);
    m_filter_mask = filter_words - 1;
    m_mask = capacity - 1;
    std::vector<std::uint8_t> a, b;
    for (std::uint32_t i = 0; i < set.size(); ++i) {
        const std::uint64_t hash = set.info(i).hash;
        std::uint64_t j = hash & m_mask;
        for (; m_slots[j] != k_empty; j = (j + 1) & m_mask) {
            const auto other = static_cast<std::uint32_t>(m_slots[j]);
            if (set.info(other).hash != hash) continue;
            set.unpack(i, a);
            set.unpack(other, b);
            if (a == b) {
                const bool in_order = set.info(other).line < set.info(i).line;
                const std::uint32_t first = in_order ? other : i;
                const std::uint32_t second = in_order ? i : other;
                throw_input_error(name + ": records at lines " + std::to_string(set.info(first).line) + " and " +
                                  std::to_string(set.info(second).line) + " ('" + std::string(set.header(first)) +
                                  "', '" + std::string(set.header(second)) +
                                  "') have identical sequences; the input must be dereplicated (plateau-amplicon derep)");
            }
        }
        m_slots[j] = ((hash >> 32) << 32) | i;
        m_filter[filter_word(hash)] |= filter_bits(hash);
    }
}

}  // namespace plateau::amplicon
