// The solid k-mers, sorted, with a lookup table built in that order (so the same at any thread
// count), and the de Bruijn graph's neighbourhood queries on them.
#pragma once

#include "assembly/kmer.hpp"
#include "assembly/kmer_counter.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace plateau::assembly {

class SolidIndex {
public:
    static constexpr std::uint32_t npos = ~std::uint32_t(0);
    SolidIndex(const KmerShape& shape, std::vector<CountedKmer> solid);

    [[nodiscard]] std::size_t size() const { return m_solid.size(); }
    [[nodiscard]] const CountedKmer& operator[](std::size_t i) const { return m_solid[i]; }
    [[nodiscard]] const KmerShape& shape() const { return m_shape; }
    /// Index of a canonical k-mer, or npos.
    [[nodiscard]] std::uint32_t find(KmerWord canonical) const;
    /// Index of the canonical form of an oriented k-mer, or npos.
    [[nodiscard]] std::uint32_t find_oriented(KmerWord x) const { return find(m_shape.canonical(x)); }
    /// The oriented solid successors of `x` (x followed by one more base); returns how many.
    int successors(KmerWord x, std::array<KmerWord, 4>& out) const;
    /// How many solid k-mers precede oriented `x`.
    [[nodiscard]] int in_degree(KmerWord x) const;
    /// Moves the sorted k-mers out, leaving the index empty.
    [[nodiscard]] std::vector<CountedKmer> release();

private:
    KmerShape m_shape;
    std::vector<CountedKmer> m_solid;
    std::vector<std::uint32_t> m_table;  // index + 1; 0 empty
};

}  // namespace plateau::assembly
