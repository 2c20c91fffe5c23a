// The cutadapt 4.2 alignment (see primer_aligner.hpp): one DP column kept at a time, rows are
// primer positions, columns read positions. Each cell carries the edit cost, the score and the
// origin (where the alignment began: negative for a skipped primer prefix, positive for a
// skipped read prefix).
#include "amplicon/primer_aligner.hpp"

#include <algorithm>
#include <array>

namespace plateau::amplicon {
namespace {

constexpr int k_match = 1, k_mismatch = -1, k_indel_score = -2;

constexpr std::array<std::uint8_t, 256> make_iupac_table() {
    std::array<std::uint8_t, 256> t{};
    const char* letters = "ACGTURYSWKMBDHVN";
    const std::uint8_t codes[] = {1, 2, 4, 8, 8, 1 | 4, 2 | 8, 4 | 2, 1 | 8, 4 | 8, 1 | 2, 2 | 4 | 8, 1 | 4 | 8, 1 | 2 | 8, 1 | 2 | 4, 0x8F};
    for (int i = 0; letters[i] != '\0'; ++i) {
        t[static_cast<unsigned char>(letters[i])] = codes[i];
        t[static_cast<unsigned char>(letters[i] + ('a' - 'A'))] = codes[i];
    }
    return t;
}

// Without read wildcards: ACGTU as bits, anything else 0x80 (matched by a primer N only). For a
// primer of plain ACGT (cutadapt compares uppercase characters then), U and others never match.
constexpr std::array<std::uint8_t, 256> make_acgt_table(bool other_marker) {
    std::array<std::uint8_t, 256> t{};
    for (auto& c : t) c = other_marker ? 0x80 : 0;
    const char* letters = other_marker ? "ACGTU" : "ACGT";
    const std::uint8_t codes[] = {1, 2, 4, 8, 8};
    for (int i = 0; letters[i] != '\0'; ++i) {
        t[static_cast<unsigned char>(letters[i])] = codes[i];
        t[static_cast<unsigned char>(letters[i] + ('a' - 'A'))] = codes[i];
    }
    return t;
}

constexpr std::array<std::uint8_t, 256> k_iupac = make_iupac_table();
constexpr std::array<std::uint8_t, 256> k_acgt_marked = make_acgt_table(true);
constexpr std::array<std::uint8_t, 256> k_acgt_plain = make_acgt_table(false);

}  // namespace

std::uint8_t iupac_code(char letter) { return k_iupac[static_cast<unsigned char>(letter)]; }

const std::uint8_t* read_code_table(bool read_wildcards, bool primer_wildcards) {
    if (read_wildcards) return k_iupac.data();
    return primer_wildcards ? k_acgt_marked.data() : k_acgt_plain.data();
}

struct PrimerAligner::Best {
    int origin = 0, cost = 0, score = 0, primer_stop = 0, read_stop = 0;
};

struct PrimerAligner::Candidate {
    int length = 0, cost = 0, score = 0, effective = 0;
};

PrimerAligner::PrimerAligner(std::string_view primer, double max_error_rate, unsigned where, bool read_wildcards,
                             int min_overlap)
    : m_length(static_cast<int>(primer.size())), m_rate(max_error_rate), m_where(where), m_min_overlap(min_overlap) {
    m_n_before.assign(primer.size() + 1, 0);
    for (std::size_t i = 0; i < primer.size(); ++i) {
        const char c = primer[i];
        m_n_before[i + 1] = m_n_before[i] + (c == 'N' ? 1 : 0);
        if (c != 'A' && c != 'C' && c != 'G' && c != 'T') m_primer_wildcards = true;
        m_primer.push_back(iupac_code(c));
    }
    m_read_codes = read_code_table(read_wildcards, m_primer_wildcards);
}

// The aligned primer length without its N (only a primer with wildcards discounts them).
int PrimerAligner::effective_length(int primer_start, int primer_stop, int length) const {
    if (!m_primer_wildcards) return length;
    if (length >= m_length) return m_length - m_n_before[m_length];
    return length - (m_n_before[primer_stop] - m_n_before[primer_start]);
}

bool PrimerAligner::acceptable(int length, int cost, int effective) const {
    return length >= m_min_overlap && static_cast<double>(cost) <= static_cast<double>(effective) * m_rate;
}

void PrimerAligner::first_column(AlignScratch::Cell* column, int min_n) const {
    const bool start_in_primer = (m_where & skip_primer_start) != 0;
    const bool start_in_read = (m_where & skip_read_start) != 0;
    for (int i = 0; i <= m_length; ++i) {
        AlignScratch::Cell& c = column[i];
        c.score = 0;
        if (!start_in_primer && !start_in_read) {
            c.cost = std::max(i, min_n);
            c.origin = 0;
        } else if (start_in_primer && !start_in_read) {
            c.cost = min_n;
            c.origin = std::min(0, min_n - i);
        } else if (!start_in_primer) {
            c.cost = i;
            c.origin = std::max(0, min_n - i);
        } else {
            c.cost = std::min(i, min_n);
            c.origin = min_n - i;
        }
    }
}

// One DP column (read position j) for rows 1..last; returns the origin of the last cell computed.
int PrimerAligner::fill_column(AlignScratch::Cell* column, const std::uint8_t* q, int j, int last, int origin) const {
    const std::uint8_t* p = m_primer.data();
    AlignScratch::Cell diag = column[0];
    if ((m_where & skip_read_start) != 0) {
        column[0].origin = j;
    } else {
        column[0].cost = j;
    }
    for (int i = 1; i <= last; ++i) {
        AlignScratch::Cell cell;
        if ((p[i - 1] & q[j - 1]) != 0) {
            cell = {diag.cost, diag.score + k_match, diag.origin};
        } else {
            const int by_diag = diag.cost + 1, by_deletion = column[i].cost + 1, by_insertion = column[i - 1].cost + 1;
            if (by_diag <= by_deletion && by_diag <= by_insertion) {
                cell = {by_diag, diag.score + k_mismatch, diag.origin};
            } else if (by_insertion <= by_deletion) {
                cell = {by_insertion, column[i - 1].score + k_indel_score, column[i - 1].origin};
            } else {
                cell = {by_deletion, column[i].score + k_indel_score, column[i].origin};
            }
        }
        origin = cell.origin;
        diag = column[i];
        column[i] = cell;
    }
    return origin;
}

// cutadapt's update rule: the first acceptable alignment, then one with a higher score that
// starts close enough to overlap the best so far or aligns more of the primer. `origin` is the
// candidate's origin in the column scan but, as in cutadapt, the last computed origin in the
// final scan.
bool PrimerAligner::improves(const Best& best, const Candidate& c, int origin, int no_match) const {
    if (!acceptable(c.length, c.cost, c.effective)) return false;
    const int best_length = best.primer_stop + std::min(best.origin, 0);
    return best.cost == no_match || (origin <= best.origin + m_length / 2 && c.score > best.score) ||
           (c.length > best_length && c.score > best.score);
}

std::optional<PrimerMatch> PrimerAligner::locate(std::string_view read, AlignScratch& s) const {
    const int m = m_length;
    const int n = static_cast<int>(read.size());
    s.read.resize(read.size());
    for (int j = 0; j < n; ++j) s.read[j] = m_read_codes[static_cast<unsigned char>(read[j])];
    s.column.resize(static_cast<std::size_t>(m) + 1);
    AlignScratch::Cell* column = s.column.data();
    const bool stop_in_read = (m_where & skip_read_end) != 0;
    const int k = static_cast<int>(m_rate * m);  // Ukkonen's cut-off (on the full length)
    const int max_n = (m_where & skip_read_start) != 0 ? n : std::min(n, m + k);
    const int min_n = stop_in_read ? 0 : std::max(0, n - m - k);
    first_column(column, min_n);

    const int no_match = m + n + 1;
    Best best{0, no_match, 0, m, n};
    int last = (m_where & skip_primer_start) != 0 ? m : std::min(m, k + 1);
    int last_filled = 0;
    int origin = 0;  // as in cutadapt, the last origin computed is reused by the final scan below
    for (int j = min_n + 1; j <= max_n; ++j) {
        origin = fill_column(column, s.read.data(), j, last, origin);
        last_filled = last;
        while (last >= 0 && column[last].cost > k) --last;
        if (last < m) {
            ++last;
        } else if (stop_in_read) {
            // The whole primer end is aligned here: a candidate ending at read position j.
            origin = column[m].origin;
            const int length = m + std::min(origin, 0);
            const Candidate c{length, column[m].cost, column[m].score, effective_length(m - length, m, length)};
            if (improves(best, c, origin, no_match)) {
                best = {origin, c.cost, c.score, m, j};
                if (c.cost == 0 && origin >= 0) break;  // exact match of the whole primer
            }
        }
    }
    if (max_n == n) {
        // The last column: alignments that stop inside the primer at the read end.
        const int first_i = (m_where & skip_primer_end) != 0 ? 0 : m;
        for (int i = last_filled; i >= first_i; --i) {
            const int cell_origin = column[i].origin;
            const int length = i + std::min(cell_origin, 0);
            const Candidate c{length, column[i].cost, column[i].score, effective_length(-std::min(cell_origin, 0), i, length)};
            if (improves(best, c, origin, no_match)) best = {cell_origin, c.cost, c.score, i, n};
        }
    }
    if (best.cost == no_match) return std::nullopt;
    PrimerMatch match;
    match.primer_start = best.origin >= 0 ? 0 : -best.origin;
    match.read_start = best.origin >= 0 ? best.origin : 0;
    match.primer_stop = best.primer_stop;
    match.read_stop = best.read_stop;
    match.score = best.score;
    match.errors = best.cost;
    return match;
}

}  // namespace plateau::amplicon
