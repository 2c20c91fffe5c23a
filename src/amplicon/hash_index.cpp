#include "amplicon/hash_index.hpp"

#include "core/error.hpp"

namespace plateau::amplicon {

HashIndex::HashIndex(const AmpliconSet& set, const std::string& name) {
    std::uint64_t capacity = 1024;
    while (capacity < 2 * set.size()) capacity *= 2;
    m_keys.assign(capacity, 0);
    m_values.assign(capacity, k_none);
    m_mask = capacity - 1;
    std::vector<std::uint8_t> a, b;
    for (std::uint32_t i = 0; i < set.size(); ++i) {
        const std::uint64_t hash = set.info(i).hash;
        std::uint64_t j = hash & m_mask;
        for (; m_values[j] != k_none; j = (j + 1) & m_mask) {
            if (m_keys[j] != hash) continue;
            set.unpack(i, a);
            set.unpack(m_values[j], b);
            if (a == b) {
                throw_input_error(name + ": records at lines " + std::to_string(set.info(m_values[j]).line) + " and " +
                                  std::to_string(set.info(i).line) + " ('" + std::string(set.header(m_values[j])) +
                                  "', '" + std::string(set.header(i)) +
                                  "') have identical sequences; the input must be dereplicated (plateau-amplicon derep)");
            }
        }
        m_keys[j] = hash;
        m_values[j] = i;
    }
}

}  // namespace plateau::amplicon
