// The solid k-mers, sorted, with a lookup table built in that order (so the same at any thread
// count), the de Bruijn graph's edges of every solid k-mer (computed once, in parallel), and the
// neighbourhood queries on them.
#pragma once

#include "assembly/kmer.hpp"
#include "assembly/kmer_counter.hpp"
#include "assembly/page_allocator.hpp"

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
    /// threads: workers for the edge table (the result does not depend on them).
    BasicSolidIndex(const BasicKmerShape<W>& shape, std::vector<Counted> solid, int threads = 1);

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
    /// Bases b (bit b) for which oriented x, solid k-mer number i, followed by b is solid.
    [[nodiscard]] unsigned out_edges(W x, std::uint32_t i) const {
        return x == m_solid[i].kmer() ? m_edges[i] & 15u : unsigned(m_edges[i]) >> 4;
    }
    /// Bases b for which b followed by oriented x (solid k-mer number i) is solid, as complements.
    [[nodiscard]] unsigned in_edges(W x, std::uint32_t i) const {
        return x == m_solid[i].kmer() ? unsigned(m_edges[i]) >> 4 : m_edges[i] & 15u;
    }
    /// Moves the sorted k-mers out, leaving the index empty.
    [[nodiscard]] std::vector<Counted> release();

private:
    void build_edges(int threads);
    /// Edge masks of solid k-mers [from, to): their eight neighbours looked up a block at a time,
    /// table slots and then candidate records prefetched before they are read.
    void fill_edges(std::size_t from, std::size_t to);
    [[nodiscard]] std::uint32_t find_hashed(W canonical, std::uint64_t h) const;
    /// The first k-mer whose stored hash bits match h (npos: absent); it is x only if its k-mer is.
    [[nodiscard]] std::uint32_t first_tag_match(std::uint64_t h) const;
    [[nodiscard]] std::size_t home(std::uint64_t h) const {
        return std::size_t((std::uint64_t(std::uint32_t(h)) * m_table.size()) >> 32);
    }

    BasicKmerShape<W> m_shape;
    std::vector<Counted> m_solid;
    // Open addressing at load <= 0.625: (hash >> 32) << 32 | (index + 1); 0 empty. The stored
    // upper hash bits settle most misses without reading the k-mer.
    PageVector<std::uint64_t> m_table;
    // Per k-mer: bits 0-3 the solid successors of the canonical k-mer, bits 4-7 those of its
    // reverse complement.
    std::vector<std::uint8_t> m_edges;
};

using SolidIndex = BasicSolidIndex<KmerWord>;
using WideSolidIndex = BasicSolidIndex<KmerWord256>;
extern template class BasicSolidIndex<KmerWord>;
extern template class BasicSolidIndex<KmerWord256>;

}  // namespace plateau::assembly
