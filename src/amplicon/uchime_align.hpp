// The sequence machinery of vsearch 2.22.1's chimera search, written from its documented
// behaviour: nucleotide codes (4-bit IUPAC sets), DUST soft-masking (mask.cc) and unique k-mers
// of unmasked positions (unique.cc) in uchime_mask.cpp, and the global alignment with vsearch's
// default scores and end-gap penalties, including the traceback's tie-breaking (align_simd.cc),
// in uchime_align.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::amplicon::uchime {

namespace detail {
constexpr std::array<std::uint8_t, 256> make_code4() {
    std::array<std::uint8_t, 256> m{};
    const char* letters = "ACMGRSVTWYHKDBN";  // codes 1 to 15 in this order
    for (int i = 0; letters[i] != 0; ++i) {
        m[static_cast<unsigned char>(letters[i])] = static_cast<std::uint8_t>(i + 1);
        m[static_cast<unsigned char>(letters[i] + 32)] = static_cast<std::uint8_t>(i + 1);
    }
    m['U'] = m['u'] = 8;
    return m;
}
inline constexpr std::array<std::uint8_t, 256> k_code4 = make_code4();
}  // namespace detail

// 4-bit IUPAC code (A=1, C=2, G=4, T/U=8, N=15, gap/other=0), case-insensitive.
[[nodiscard]] inline std::uint8_t code4(char c) { return detail::k_code4[static_cast<unsigned char>(c)]; }
// True for the ambiguous codes (0 and every code that is not a single base).
[[nodiscard]] inline bool ambiguous4(std::uint8_t code) { return !(code == 1 || code == 2 || code == 4 || code == 8); }

// vsearch's DUST (word 3, window 64, level 20): uppercases `seq`, then lowercases the masked runs.
void dust_mask(std::string& seq);

// Unique k-mers (2 bits per base) in order of first occurrence, skipping any k-mer that covers a
// lowercase (masked) or non-ACGTU character.
void unique_kmers(std::string_view seq, int k, std::vector<std::uint32_t>& out);

using Lanes16 = std::int16_t __attribute__((vector_size(16)));  // 8 lanes of 16 bits
using Lanes32 = std::int32_t __attribute__((vector_size(16)));  // 4 lanes of 32 bits (long sequences)

struct CigarOp {
    char op = 'M';  // M (both), I (target only), D (query only)
    std::uint32_t run = 0;
};

struct Alignment {
    std::vector<CigarOp> cigar;
    std::int64_t score = 0;
    std::uint32_t columns = 0, matches = 0, mismatches = 0, gap_opens = 0;
};

// Scratch space reused across alignments (one per thread): H and E per query row, and the
// direction bits of every cell (one byte per lane).
struct AlignWorkspace {
    std::vector<Lanes16> rows16;
    std::vector<Lanes32> rows32;
    std::vector<std::uint8_t> dir;
};

inline constexpr std::size_t k_align_lanes = 8;

// vsearch's default gap penalties (--gapopen 20I/2E, --gapext 2I/1E): a gap of length L costs
// open + L x extend with open = 20 - 2 inside and 2 - 1 at either end (vsearch subtracts the
// extension from the open penalty it is given).
inline constexpr std::int32_t k_gap_open_mid = 18, k_gap_ext_mid = 2, k_gap_open_end = 1, k_gap_ext_end = 1;

// Global alignment of query q to target t: match +2, mismatch -4 (0 when either base is
// ambiguous), the gap penalties above; ties resolved as vsearch's traceback does. A column
// "matches" when the two IUPAC sets intersect.
void align_global(std::string_view q, std::string_view t, AlignWorkspace& ws, Alignment& out);

// The same alignment of q to `count` targets, 8 at once in 16-bit lanes (as vsearch's SIMD
// aligner), or 4 at once in 32-bit lanes when a sequence is over 4,000 nt. align_global is this
// with one target: there is one dynamic-programming loop and one traceback.
void align_batch(std::string_view q, const std::string_view* targets, std::size_t count, AlignWorkspace& ws,
                 Alignment* out);

// vsearch's default identity (--iddef 2): matches over the columns without terminal gaps, in %
// (0 when nothing is left); a one-operation gap-only alignment is trimmed once.
[[nodiscard]] double identity_without_end_gaps(const Alignment& a);

}  // namespace plateau::amplicon::uchime
