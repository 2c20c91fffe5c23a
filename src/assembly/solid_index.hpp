// The solid k-mers, sorted, with a lookup table built in that order (so the same at any thread
// count), and the de Bruijn graph's neighbourhood queries on them.
#pragma once

#include "assembly/kmer.hpp"
#include "assembly/kmer_counter.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace plateau::assembly {

template <class W>
class BasicSolidIndex {
public:
    using Word = W;
    using Counted = CountedKmerOf<W>;
    static constexpr std::uint32_t npos = ~std::uint32_t(0);
    BasicSolidIndex(const BasicKmerShape<W>& shape, std::vector<Counted> solid);

    [[nodiscard]] std::size_t size() const { return m_solid.size(); }
    [[nodiscard]] const Counted& operator[](std::size_t i) const { return m_solid[i]; }
    [[nodiscard]] const BasicKmerShape<W>& shape() const { return m_shape; }
    /// Index of a canonical k-mer, or npos.
    [[nodiscard]] std::uint32_t find(W canonical) const;
    /// Index of the canonical form of an oriented k-mer, or npos.
    [[nodiscard]] std::uint32_t find_oriented(W x) const { return find(m_shape.canonical(x)); }
    /// The oriented solid successors of `x` (x followed by one more base); returns how many.
    int successors(W x, std::array<W, 4>& out) const;
    /// How many solid k-mers precede oriented `x`.
    [[nodiscard]] int in_degree(W x) const;
    /// Moves the sorted k-mers out, leaving the index empty.
    [[nodiscard]] std::vector<Counted> release();

private:
    BasicKmerShape<W> m_shape;
    std::vector<Counted> m_solid;
    std::vector<std::uint32_t> m_table;  // index + 1; 0 empty
};

using SolidIndex = BasicSolidIndex<KmerWord>;
using WideSolidIndex = BasicSolidIndex<KmerWord256>;
extern template class BasicSolidIndex<KmerWord>;
extern template class BasicSolidIndex<KmerWord256>;

}  // namespace plateau::assembly
