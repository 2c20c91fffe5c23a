// SINTAX's k-mer counts as bit-sliced sums of rows: a row is an 8-mer's set of references, one bit
// per reference, references in vsearch's tie order (length, then number). A bootstrap's count for
// every reference at once is the vertical sum of the rows of its sampled words; the winner is the
// first position holding the largest sum, which is vsearch's choice (most words, then shorter,
// then earlier). Rows of 8-mers held by many references are built once and shared by the threads;
// the others are built per query from positions kept in memory (the mapped postings are read once).
#pragma once

#include "amplicon/taxonomy_index.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace plateau::amplicon {

// The shared part: tie order and the rows of frequent 8-mers (read-only once built).
class SintaxRowTable {
public:
    explicit SintaxRowTable(const TaxonomyIndex& index);
    // 64-bit words per row (a multiple of 4, the counting block).
    [[nodiscard]] std::size_t words() const { return m_words; }
    [[nodiscard]] std::uint32_t reference_at(std::size_t position) const { return m_order[position]; }
    [[nodiscard]] std::uint32_t position_of(std::uint32_t reference) const { return m_position[reference]; }
    // The stored row of 8-mer `kmer`, or nullptr (few references: built per query).
    [[nodiscard]] const std::uint64_t* stored(std::uint32_t kmer) const {
        return m_slot[kmer] == k_none ? nullptr : &m_rows[static_cast<std::size_t>(m_slot[kmer]) * m_words];
    }
    [[nodiscard]] const std::uint64_t* zero_row() const { return m_zero.data(); }
    // Whether no reference holds `kmer`.
    [[nodiscard]] bool absent(std::uint32_t kmer) const {
        return m_slot[kmer] == k_none && m_rare_offsets[kmer] == m_rare_offsets[kmer + 1];
    }
    // Sets the bits of an 8-mer without a stored row in `row` (zeroed, words() long).
    void set_rare(std::uint32_t kmer, std::uint64_t* row) const {
        const unsigned char* p = m_rare.data() + m_rare_offsets[kmer];
        const unsigned char* end = m_rare.data() + m_rare_offsets[kmer + 1];
        std::uint32_t at = 0;
        while (p < end) {
            at += read_varint(p);
            row[at >> 6] |= std::uint64_t{1} << (at & 63);
        }
    }

private:
    void copy_postings(const TaxonomyIndex& index);
    static constexpr std::uint32_t k_none = 0xffffffffU;
    std::size_t m_words = 0;
    std::vector<std::uint32_t> m_order, m_position;
    std::vector<std::uint32_t> m_slot;
    std::vector<std::uint64_t> m_rows, m_zero;
    std::vector<std::uint32_t> m_rare_offsets;  // per 8-mer without a stored row: [offset, next) in m_rare
    std::vector<unsigned char> m_rare;          // their positions, varint gaps
};

// Per-thread rows of one query's distinct words.
class SintaxQueryRows {
public:
    // Rows of `words` (the query's distinct 8-mers, in order).
    void build(const SintaxRowTable& table, const std::vector<std::uint32_t>& words);
    [[nodiscard]] const std::uint64_t* row(std::size_t i) const { return m_rows[i]; }

private:
    std::vector<const std::uint64_t*> m_rows;
    std::vector<std::uint64_t> m_own;
};

// The first position (tie order) with the largest sum of `count` rows of `words` 64-bit words each
// (count <= 32), and that sum; {0, 0} when no position holds any.
std::pair<std::size_t, unsigned> sintax_best_position(const std::uint64_t* const* rows, std::size_t count,
                                                      std::size_t words);

}  // namespace plateau::amplicon
