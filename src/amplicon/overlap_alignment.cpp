#include "amplicon/overlap_alignment.hpp"

#include <algorithm>
#include <limits>

namespace plateau::amplicon {

namespace {

constexpr int k_minus_infinity = std::numeric_limits<int>::min() / 4;
constexpr int k_open = k_overlap_gap_open + k_overlap_gap_extend;  // the first column of a gap
constexpr std::uint8_t k_from_f = 1, k_from_e = 2, k_e_extends = 4, k_f_extends = 8;

int pair_score(std::uint8_t q, std::uint8_t r) { return q == r && r < 4 ? k_overlap_match : k_overlap_mismatch; }

struct EndCell {
    int score = 0;
    std::size_t i = 0, j = 0;
};

// Fills the matrix row by row (query rows, reference columns) and returns the best end cell:
// the last row (lowest column first), then the last column (lowest row first). With `trace`,
// records each cell's sources for overlap_align.
template <bool Trace>
EndCell fill(const std::vector<std::uint8_t>& q, const std::vector<std::uint8_t>& r, OverlapWorkspace& ws) {
    const std::size_t n = q.size(), m = r.size();
    ws.h.assign(m + 1, 0);
    ws.f.assign(m + 1, k_minus_infinity);
    if constexpr (Trace) ws.trace.assign((n + 1) * (m + 1), 0);
    EndCell column_best{k_minus_infinity, 0, m}, row_best{k_minus_infinity, n, 0};
    for (std::size_t i = 1; i <= n; ++i) {
        int diagonal = 0, left = 0, e = k_minus_infinity;
        const std::uint8_t qc = q[i - 1];
        std::uint8_t* trace = Trace ? ws.trace.data() + i * (m + 1) : nullptr;
        for (std::size_t j = 1; j <= m; ++j) {
            const bool e_extends = e - k_overlap_gap_extend > left - k_open;
            e = e_extends ? e - k_overlap_gap_extend : left - k_open;
            int& f = ws.f[j];
            const bool f_extends = f - k_overlap_gap_extend > ws.h[j] - k_open;
            f = f_extends ? f - k_overlap_gap_extend : ws.h[j] - k_open;
            int h = diagonal + pair_score(qc, r[j - 1]);
            std::uint8_t source = 0;
            if (f > h) { h = f; source = k_from_f; }
            if (e > h) { h = e; source = k_from_e; }
            if constexpr (Trace) {
                trace[j] = static_cast<std::uint8_t>(source | (e_extends ? k_e_extends : 0) | (f_extends ? k_f_extends : 0));
            }
            diagonal = ws.h[j];
            ws.h[j] = h;
            left = h;
            if (i == n && h > row_best.score) row_best = {h, n, j};
        }
        if (m > 0 && left > column_best.score) column_best = {left, i, m};
    }
    if (n == 0 || m == 0) return {};
    return row_best.score >= column_best.score ? row_best : column_best;
}

}  // namespace

double OverlapAlignment::identity() const { return columns == 0 ? 0.0 : 100.0 * matches / columns; }

double OverlapAlignment::query_coverage(std::size_t query_length) const {
    return query_length == 0 ? 0.0 : 100.0 * (query_end - query_begin) / static_cast<double>(query_length);
}

std::vector<std::uint8_t> nucleotide_codes(std::string_view sequence) {
    std::vector<std::uint8_t> codes(sequence.size());
    for (std::size_t i = 0; i < sequence.size(); ++i) {
        switch (sequence[i]) {
            case 'A': case 'a': codes[i] = 0; break;
            case 'C': case 'c': codes[i] = 1; break;
            case 'G': case 'g': codes[i] = 2; break;
            case 'T': case 't': case 'U': case 'u': codes[i] = 3; break;
            default: codes[i] = 4;
        }
    }
    return codes;
}

int overlap_score(const std::vector<std::uint8_t>& query, const std::vector<std::uint8_t>& reference,
                  OverlapWorkspace& ws) {
    return fill<false>(query, reference, ws).score;
}

OverlapAlignment overlap_align(const std::vector<std::uint8_t>& query, const std::vector<std::uint8_t>& reference,
                               OverlapWorkspace& ws) {
    const EndCell end = fill<true>(query, reference, ws);
    OverlapAlignment a;
    a.score = end.score;
    a.query_end = static_cast<std::uint32_t>(end.i);
    const std::size_t width = reference.size() + 1;
    std::size_t i = end.i, j = end.j;
    enum class State { h, e, f } state = State::h;
    while (i > 0 && j > 0) {
        const std::uint8_t t = ws.trace[i * width + j];
        if (state == State::h) {
            state = (t & k_from_f) ? State::f : (t & k_from_e) ? State::e : State::h;
            if (state != State::h) continue;
            a.matches += query[i - 1] == reference[j - 1] && reference[j - 1] < 4 ? 1 : 0;
            --i;
            --j;
        } else if (state == State::e) {
            state = (t & k_e_extends) ? State::e : State::h;
            --j;
        } else {
            state = (t & k_f_extends) ? State::f : State::h;
            --i;
        }
        ++a.columns;
    }
    a.query_begin = static_cast<std::uint32_t>(i);
    return a;
}

}  // namespace plateau::amplicon
