// align_batch: align_global's recurrence over 8 targets at once, one 16-bit lane per target
// (GCC vector extensions), then each lane's traceback with align_global's tie-breaking.
#include "amplicon/uchime_align.hpp"

#include <algorithm>
#include <array>

namespace plateau::amplicon::uchime {

namespace {

using V = Lanes16;
constexpr std::size_t k_lanes = k_align_lanes;
constexpr std::size_t k_long = 4000;
constexpr std::int32_t k_qr_mid = k_gap_open_mid + k_gap_ext_mid, k_qr_end = k_gap_open_end + k_gap_ext_end;

V splat(int x) { return V{} + static_cast<std::int16_t>(x); }
V vmax(V a, V b) { return a > b ? a : b; }

struct ScoreTable {
    std::array<std::array<std::int16_t, 16>, 16> v{};
    ScoreTable() {
        for (std::uint8_t a = 0; a < 16; ++a) {
            for (std::uint8_t b = 0; b < 16; ++b) {
                v[a][b] = static_cast<std::int16_t>(ambiguous4(a) || ambiguous4(b) ? 0 : (a == b ? 2 : -4));
            }
        }
    }
};
const ScoreTable k_scores;

struct Columns {
    std::array<V, 16> profile{};
    V qr_t{}, r_t{};
    V last{};  // lanes whose target ends at this column
};

// Scores of column j for the query codes in `used` only.
void prepare_column(const std::string_view* t, std::size_t count, std::size_t j, const std::vector<std::uint8_t>& used,
                    Columns& c) {
    std::array<std::uint8_t, k_lanes> codes{};
    for (std::size_t l = 0; l < k_lanes; ++l) {
        const bool inside = l < count && j < t[l].size();
        codes[l] = inside ? code4(t[l][j]) : 0;
        const bool last = l < count && j + 1 == t[l].size();
        c.qr_t[l] = static_cast<std::int16_t>(last ? k_qr_end : k_qr_mid);
        c.r_t[l] = static_cast<std::int16_t>(last ? k_gap_ext_end : k_gap_ext_mid);
        c.last[l] = static_cast<std::int16_t>(last ? -1 : 0);
    }
    for (std::uint8_t q : used) {
        for (std::size_t l = 0; l < k_lanes; ++l) c.profile[q][l] = k_scores.v[q][codes[l]];
    }
}

void push(std::vector<CigarOp>& rev, char op) {
    if (!rev.empty() && rev.back().op == op) {
        ++rev.back().run;
    } else {
        rev.push_back({op, 1});
    }
}

// Traceback of one lane: dir holds, per column j and row i, a V of direction bits.
void lane_traceback(std::string_view q, std::string_view t, const V* dir, std::size_t lane, Alignment& out) {
    const std::size_t m = q.size();
    std::vector<CigarOp>& rev = out.cigar;
    std::int64_t i = static_cast<std::int64_t>(m) - 1, j = static_cast<std::int64_t>(t.size()) - 1;
    char op = 0;
    auto step = [&](char next) {
        if (next != 'M' && op != next) ++out.gap_opens;
        ++out.columns;
        push(rev, next);
        op = next;
    };
    while (i >= 0 && j >= 0) {
        const int d = dir[static_cast<std::size_t>(j) * m + static_cast<std::size_t>(i)][lane];
        if (op == 'I' && (d & 8)) { --j; step('I'); }
        else if (op == 'D' && (d & 4)) { --i; step('D'); }
        else if (d & 2) { --j; step('I'); }
        else if (d & 1) { --i; step('D'); }
        else {
            if (code4(q[static_cast<std::size_t>(i)]) & code4(t[static_cast<std::size_t>(j)])) {
                ++out.matches;
            } else {
                ++out.mismatches;
            }
            --i; --j;
            step('M');
        }
    }
    while (i >= 0) { --i; step('D'); }
    while (j >= 0) { --j; step('I'); }
    std::reverse(rev.begin(), rev.end());
}

}  // namespace

void align_batch(std::string_view q, const std::string_view* t, std::size_t count, AlignWorkspace& ws, Alignment* out) {
    std::size_t n = 0;
    for (std::size_t l = 0; l < count; ++l) n = std::max(n, t[l].size());
    const std::size_t m = q.size();
    if (m > k_long || n > k_long || m == 0) {
        for (std::size_t l = 0; l < count; ++l) align_global(q, t[l], ws, out[l]);
        return;
    }
    const std::size_t vectors = 2 * m + m * n + 1;
    if (ws.lanes.size() < vectors) ws.lanes.resize(vectors);
    V* base = ws.lanes.data();
    V* hrow = base;      // H[i][j-1]
    V* erow = base + m;  // E[i][j]
    V* dir = base + 2 * m;
    std::vector<std::uint8_t> qcodes(m), used;
    std::array<bool, 16> seen{};
    for (std::size_t i = 0; i < m; ++i) {
        qcodes[i] = code4(q[i]);
        if (!seen[qcodes[i]]) { seen[qcodes[i]] = true; used.push_back(qcodes[i]); }
        const bool last_row = i + 1 == m;
        hrow[i] = splat(-(k_gap_open_end + static_cast<int>(i + 1) * k_gap_ext_end));
        erow[i] = hrow[i] - splat(last_row ? k_qr_end : k_qr_mid);
    }
    V score{};
    Columns c;
    const V qr_mid = splat(k_qr_mid), r_mid = splat(k_gap_ext_mid), qr_end = splat(k_qr_end), r_end = splat(k_gap_ext_end);
    for (std::size_t j = 0; j < n; ++j) {
        prepare_column(t, count, j, used, c);
        V diag = splat(j == 0 ? 0 : -(k_gap_open_end + static_cast<int>(j) * k_gap_ext_end));
        V f = splat(-(k_gap_open_end + static_cast<int>(j + 1) * k_gap_ext_end)) - c.qr_t;
        V* d = dir + j * m;
        auto cell = [&](std::size_t i, V qr_q, V r_q) {
            V h = diag + c.profile[qcodes[i]];
            diag = hrow[i];
            const V up = f > h;
            h = vmax(h, f);
            const V e = erow[i];
            const V left = e > h;
            h = vmax(h, e);
            hrow[i] = h;
            const V hf = h - c.qr_t, ff = f - c.r_t;
            const V ext_up = ff > hf;
            f = vmax(ff, hf);
            const V he = h - qr_q, ee = e - r_q;
            const V ext_left = ee > he;
            erow[i] = vmax(ee, he);
            d[i] = (up & 1) | (left & 2) | (ext_up & 4) | (ext_left & 8);
        };
        for (std::size_t i = 0; i + 1 < m; ++i) cell(i, qr_mid, r_mid);
        cell(m - 1, qr_end, r_end);  // the last row: gaps in the query are end gaps
        score = c.last ? hrow[m - 1] : score;
    }
    for (std::size_t l = 0; l < count; ++l) {
        out[l] = Alignment{};
        out[l].score = score[l];
        lane_traceback(q, t[l], dir, l, out[l]);
    }
}

}  // namespace plateau::amplicon::uchime
