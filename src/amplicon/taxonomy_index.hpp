// The binary reference index of `plateau-amplicon db`, memory-mapped by `taxonomy`.
//
// File (little-endian, every section 8-byte aligned):
//   header   "PLTAXDB\0", u32 version (k_taxonomy_index_version), u32 0x01020304 (byte order),
//            u64 references, u32 ranks, u32 genera, u64 file size, u64 section count,
//            then per section u64 offset, u64 size
//   0 rank names, 1 ids, 2 sequences, 3 names    string tables: u64 n, u64 offsets[n + 1], bytes
//   4 lineages     u32[references x ranks], index into the names (0xffffffff: rank absent)
//   5, 6 SINTAX    u64 offsets[65537] into varint-coded increasing reference numbers (gaps) per 8-mer,
//                  from the sequences as written: 8-mers with a lower-case or non-ACGT letter left out
//   7 genus of each reference u32[references] (a "genus" is a distinct full lineage, as dada2's)
//   8 genera       u32[genera x 2]: first reference, references in the genus (M_g)
//   9 word refs    u32[65536]: references containing each 8-mer (upper-cased ACGT), n(w) of RDP
//   10, 11 RDP     u64 offsets[65537] into varint pairs (genus gap, m(w,g)) per 8-mer
// A truncated or foreign file is refused at open (size, magic, version, section bounds, offsets).
#pragma once

#include "amplicon/affiliation.hpp"
#include "amplicon/taxonomy_db.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace plateau::amplicon {

inline constexpr std::uint32_t k_taxonomy_index_version = 1;
inline constexpr std::uint32_t k_kmer_count = 65536;  // 8-mers
inline constexpr std::uint32_t k_no_name = 0xffffffffU;

// Writes the index of a parsed database (through core::OutputFile: nothing left on failure).
void write_taxonomy_index(const ParsedTaxonomy& parsed, const std::string& path);

// Reads a varint; `p` advances.
inline std::uint32_t read_varint(const unsigned char*& p) {
    std::uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        const unsigned char b = *p++;
        v |= static_cast<std::uint32_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0) return v;
    }
}

class TaxonomyIndex {
public:
    // Maps and checks the file; throws InvalidInput naming it (truncated, not an index, version).
    explicit TaxonomyIndex(const std::string& path);
    ~TaxonomyIndex();
    TaxonomyIndex(const TaxonomyIndex&) = delete;
    TaxonomyIndex& operator=(const TaxonomyIndex&) = delete;

    [[nodiscard]] std::size_t references() const { return m_references; }
    [[nodiscard]] std::size_t ranks() const { return m_ranks; }
    [[nodiscard]] std::size_t genera() const { return m_genera; }
    [[nodiscard]] std::string_view rank_name(std::size_t k) const { return string_at(0, k); }
    [[nodiscard]] std::string_view id(std::size_t r) const { return string_at(1, r); }
    [[nodiscard]] std::string_view sequence(std::size_t r) const { return string_at(2, r); }
    [[nodiscard]] std::uint32_t length(std::size_t r) const;
    [[nodiscard]] std::uint32_t name_index(std::size_t r, std::size_t k) const { return m_lineages[r * m_ranks + k]; }
    [[nodiscard]] std::string_view name(std::size_t r, std::size_t k) const;  // "" when absent
    // SINTAX postings of 8-mer w: [begin, end) of varint gaps.
    [[nodiscard]] const unsigned char* sintax_begin(std::uint32_t w) const { return m_sintax + m_sintax_offsets[w]; }
    [[nodiscard]] const unsigned char* sintax_end(std::uint32_t w) const { return m_sintax + m_sintax_offsets[w + 1]; }
    [[nodiscard]] std::uint32_t genus_of(std::size_t r) const { return m_genus_of[r]; }
    [[nodiscard]] std::uint32_t genus_first_reference(std::size_t g) const { return m_genus_table[2 * g]; }
    [[nodiscard]] std::uint32_t genus_size(std::size_t g) const { return m_genus_table[2 * g + 1]; }
    [[nodiscard]] std::uint32_t word_references(std::uint32_t w) const { return m_word_refs[w]; }
    [[nodiscard]] const unsigned char* rdp_begin(std::uint32_t w) const { return m_rdp + m_rdp_offsets[w]; }
    [[nodiscard]] const unsigned char* rdp_end(std::uint32_t w) const { return m_rdp + m_rdp_offsets[w + 1]; }

    // Drops the mapped pages wholly inside [begin, end) (a range of this index) from memory; they
    // are read from the file again when next touched. For passes over many postings done once.
    void release(const unsigned char* begin, const unsigned char* end) const;

    // A copy of the whole database in memory (what the alignment method reads).
    [[nodiscard]] TaxonomyReference to_reference() const;

private:
    [[nodiscard]] std::string_view string_at(int section, std::size_t i) const;
    void check(const std::string& path);
    void check_string_tables(const std::string& what) const;
    const unsigned char* m_base = nullptr;
    std::size_t m_size = 0;
    std::size_t m_references = 0, m_ranks = 0, m_genera = 0;
    const std::uint64_t* m_section = nullptr;  // offset, size per section
    const std::uint32_t* m_lineages = nullptr;
    const std::uint64_t* m_sintax_offsets = nullptr;
    const unsigned char* m_sintax = nullptr;
    const std::uint32_t* m_genus_of = nullptr;
    const std::uint32_t* m_genus_table = nullptr;
    const std::uint32_t* m_word_refs = nullptr;
    const std::uint64_t* m_rdp_offsets = nullptr;
    const unsigned char* m_rdp = nullptr;
};

// Reads a `db` index into memory. Throws InvalidInput naming the file.
[[nodiscard]] TaxonomyReference read_taxonomy_db(const std::string& path);

}  // namespace plateau::amplicon
