// AmpliconSet: dereplicated amplicons held in memory as swarm holds them (headers in one arena,
// sequences 2-bit packed, 32 bases per 64-bit word), in swarm's order once sorted: abundance
// descending, then strcmp of the full header. The index of an amplicon is its rank.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

inline constexpr std::uint32_t k_none = 0xffffffffU;

struct AmpliconInfo {
    std::uint64_t abundance = 0;
    std::uint64_t hash = 0;        // Zobrist hash of the sequence
    std::uint64_t header_begin = 0;
    std::uint64_t seq_word = 0;    // first word in the packed arena
    std::uint32_t header_len = 0;
    std::uint32_t abundance_start = 0;  // the annotation is header[start, end)
    std::uint32_t abundance_end = 0;
    std::uint32_t length = 0;
    std::uint64_t line = 0;  // 1-based line of the header in the input
};

class AmpliconSet {
public:
    void add(std::string_view header, std::uint64_t line, const std::vector<std::uint8_t>& codes);
    [[nodiscard]] std::size_t size() const { return m_info.size(); }
    [[nodiscard]] const AmpliconInfo& info(std::size_t i) const { return m_info[i]; }
    AmpliconInfo& info(std::size_t i) { return m_info[i]; }
    [[nodiscard]] std::string_view header(std::size_t i) const {
        return {m_headers.data() + m_info[i].header_begin, m_info[i].header_len};
    }
    // Writes the 2-bit codes (0..3 = A, C, G, T) of amplicon i into out (resized).
    void unpack(std::size_t i, std::vector<std::uint8_t>& out) const;
    // The 2-bit words of amplicon i (base k at bits 2(k % 32) of word k / 32).
    [[nodiscard]] const std::uint64_t* packed(std::size_t i) const { return m_words.data() + m_info[i].seq_word; }
    [[nodiscard]] std::uint32_t longest() const { return m_longest; }
    [[nodiscard]] std::uint64_t nucleotides(std::size_t i) const { return m_info[i].length; }
    // Reorders by abundance descending, then strcmp of the full header (swarm's db_compare_abundance).
    void sort_by_abundance();

private:
    std::vector<AmpliconInfo> m_info;
    std::string m_headers;
    std::vector<std::uint64_t> m_words;
    std::uint32_t m_longest = 0;
};

// The header without its abundance annotation (swarm's fprint_id_noabundance).
void append_label(std::string& out, const AmpliconSet& set, std::size_t i, bool usearch_style);
// The header with a new abundance (swarm's fprint_id_with_new_abundance).
void append_with_abundance(std::string& out, const AmpliconSet& set, std::size_t i, std::uint64_t abundance,
                           bool usearch_style);

}  // namespace plateau::amplicon
