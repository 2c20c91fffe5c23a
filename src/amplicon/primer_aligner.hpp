// PrimerAligner: finds a primer in a read with cutadapt 4.2's semantics (its Aligner, the
// "hybrid" semiglobal edit-distance alignment FROGS relies on through `cutadapt -g/-a`).
//   - unit costs (mismatch, insertion, deletion); an alignment is acceptable when at least
//     min_overlap primer bases are aligned and errors <= rate x aligned primer length, where N
//     in the primer does not count in that length;
//   - among acceptable alignments the highest score wins (match +1, mismatch -1, indel -2),
//     scanning the read left to right; a later one replaces an earlier one only with a higher
//     score and either an overlapping start or a longer aligned primer;
//   - IUPAC codes in the primer match any base they stand for; with read wildcards, IUPAC codes
//     in the read (N above all) match too;
//   - which ends may be skipped at no cost selects the primer type (5', 3', anchored).
// The dynamic programme, its Ukkonen cut-off and its tie-breaks follow cutadapt's _align.pyx
// (v4.2) step for step, so that the same reads are trimmed at the same positions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

// Which ends may be skipped at no cost (cutadapt's EndSkip); the primer is the "reference".
enum EndSkip : unsigned {
    skip_primer_start = 1,
    skip_read_start = 2,
    skip_primer_end = 4,
    skip_read_end = 8,
};
// cutadapt's Where: -g (regular 5'), -a (regular 3'), ^PRIMER and PRIMER$ (anchored).
inline constexpr unsigned k_where_front = skip_read_start | skip_read_end | skip_primer_start;
inline constexpr unsigned k_where_back = skip_read_start | skip_read_end | skip_primer_end;
inline constexpr unsigned k_where_prefix = skip_read_end;
inline constexpr unsigned k_where_suffix = skip_read_start;

struct PrimerMatch {
    int primer_start = 0, primer_stop = 0;  // aligned part of the primer
    int read_start = 0, read_stop = 0;      // aligned part of the read
    int score = 0, errors = 0;
};

// Per-thread working memory for locate().
struct AlignScratch {
    struct Cell {
        int cost = 0, score = 0, origin = 0;
    };
    std::vector<Cell> column;
    std::vector<std::uint8_t> read;
    std::string text;  // the reverse complement tried with --revcomp
};

class PrimerAligner {
public:
    // `primer`: uppercase IUPAC letters (U already T, I already N), not all N.
    PrimerAligner(std::string_view primer, double max_error_rate, unsigned where, bool read_wildcards,
                  int min_overlap);
    [[nodiscard]] std::optional<PrimerMatch> locate(std::string_view read, AlignScratch& scratch) const;
    [[nodiscard]] int length() const { return m_length; }

private:
    struct Best;
    struct Candidate;
    void first_column(AlignScratch::Cell* column, int min_n) const;
    [[nodiscard]] int effective_length(int primer_start, int primer_stop, int length) const;
    [[nodiscard]] bool acceptable(int length, int cost, int effective) const;
    int fill_column(AlignScratch::Cell* column, const std::uint8_t* read, int j, int last, int origin) const;
    [[nodiscard]] bool improves(const Best& best, const Candidate& c, int origin, int no_match) const;

    std::vector<std::uint8_t> m_primer;  // bit codes (A=1 C=2 G=4 T=8)
    std::vector<int> m_n_before;         // m_n_before[i]: N in primer[0, i)
    const std::uint8_t* m_read_codes = nullptr;
    int m_length = 0;
    double m_rate = 0.1;
    unsigned m_where = k_where_front;
    bool m_primer_wildcards = false;  // the primer has letters other than ACGT
    int m_min_overlap = 1;
};

// The bit code of a read letter: with read wildcards an IUPAC code (N = 0x8F, others 0); without,
// ACGT(U) and the marker 0x80 that only a primer N matches (or 0 for a plain-ACGT primer).
[[nodiscard]] const std::uint8_t* read_code_table(bool read_wildcards, bool primer_wildcards);
// The bit code of an IUPAC primer letter (0 for letters that are not IUPAC codes).
[[nodiscard]] std::uint8_t iupac_code(char letter);

}  // namespace plateau::amplicon
