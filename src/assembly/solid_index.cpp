// Solid k-mer lookup (solid_index.hpp).
#include "assembly/solid_index.hpp"

#include <bit>

namespace plateau::assembly {

template <class W>
BasicSolidIndex<W>::BasicSolidIndex(const BasicKmerShape<W>& shape, std::vector<Counted> solid)
    : m_shape(shape), m_solid(std::move(solid)) {
    m_table.assign(std::bit_ceil(std::max<std::size_t>(16, m_solid.size() * 2)), 0);
    const std::size_t mask = m_table.size() - 1;
    for (std::size_t j = 0; j < m_solid.size(); ++j) {
        std::size_t i = std::size_t(kmer_hash(m_solid[j].kmer())) & mask;
        while (m_table[i] != 0) i = (i + 1) & mask;
        m_table[i] = std::uint32_t(j + 1);
    }
}

template <class W>
std::uint32_t BasicSolidIndex<W>::find(W canonical) const {
    const std::size_t mask = m_table.size() - 1;
    for (std::size_t i = std::size_t(kmer_hash(canonical)) & mask;; i = (i + 1) & mask) {
        const std::uint32_t v = m_table[i];
        if (v == 0) return npos;
        if (m_solid[v - 1].kmer() == canonical) return v - 1;
    }
}

template <class W>
int BasicSolidIndex<W>::successors(W x, std::array<W, 4>& out) const {
    int n = 0;
    for (int b = 0; b < 4; ++b) {
        const W y = m_shape.push_right(x, b);
        if (find_oriented(y) != npos) out[std::size_t(n++)] = y;
    }
    return n;
}

template <class W>
std::vector<typename BasicSolidIndex<W>::Counted> BasicSolidIndex<W>::release() {
    std::vector<std::uint32_t>().swap(m_table);
    return std::move(m_solid);
}

template <class W>
int BasicSolidIndex<W>::in_degree(W x) const {
    std::array<W, 4> scratch{};
    return successors(m_shape.reverse_complement(x), scratch);
}

template class BasicSolidIndex<KmerWord>;
template class BasicSolidIndex<KmerWord256>;

}  // namespace plateau::assembly
