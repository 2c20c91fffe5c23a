// The chimera search's global alignment (vsearch 2.22.1's scores, end-gap penalties and
// traceback tie-breaks): one dynamic-programming loop over several targets at once, one lane per
// target (GCC vector extensions: 8 lanes of 16 bits, or 4 of 32 bits for sequences over 4,000
// nt), columns = target positions, rows = query positions; then each lane's traceback. The
// direction bits of a cell take one byte per lane, so the matrix of a 250 x 250 alignment of 8
// targets is 500 KB rather than the 1 MB of 16-bit lanes.
#include "amplicon/uchime_align.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>

namespace plateau::amplicon::uchime {

namespace {

constexpr std::size_t k_long = 4000;
constexpr std::int32_t k_qr_mid = k_gap_open_mid + k_gap_ext_mid, k_qr_end = k_gap_open_end + k_gap_ext_end;
// direction bits: H from F (a gap in the target, "up"), H from E ("left"), F and E extended
constexpr int k_up = 1, k_left = 2, k_ext_up = 4, k_ext_left = 8;

template <class V>
constexpr std::size_t lanes_of = sizeof(V) / sizeof(V{}[0]);

using Bits8 = std::uint8_t __attribute__((vector_size(8)));
using Bits4 = std::uint8_t __attribute__((vector_size(4)));
template <class V>
using Bits = std::conditional_t<lanes_of<V> == 8, Bits8, Bits4>;

template <class V>
using Elem = std::remove_cvref_t<decltype(V{}[0])>;

template <class V>
V splat(int x) {
    return V{} + static_cast<Elem<V>>(x);
}

int pair_score(std::uint8_t a, std::uint8_t b) {
    if (ambiguous4(a) || ambiguous4(b)) return 0;
    return a == b ? 2 : -4;
}

struct ScoreTable {
    std::array<std::array<std::int8_t, 16>, 16> v{};
    ScoreTable() {
        for (std::uint8_t a = 0; a < 16; ++a) {
            for (std::uint8_t b = 0; b < 16; ++b) v[a][b] = static_cast<std::int8_t>(pair_score(a, b));
        }
    }
};
const ScoreTable k_scores;

template <class V>
struct Column {
    std::array<V, 16> profile{};  // score of each query code against this column, per lane
    V qr_t{}, r_t{};              // gap penalties along the target at this column
    V last{};                     // lanes whose target ends at this column
};

// Scores of column j for the query codes in `used` only.
template <class V>
__attribute__((always_inline)) inline void prepare_column(const std::string_view* t, std::size_t count, std::size_t j, const std::vector<std::uint8_t>& used,
                    Column<V>& c) {
    constexpr std::size_t lanes = lanes_of<V>;
    std::array<std::uint8_t, lanes> codes{};
    for (std::size_t l = 0; l < lanes; ++l) {
        codes[l] = l < count && j < t[l].size() ? code4(t[l][j]) : 0;
        const bool last = l < count && j + 1 == t[l].size();
        c.qr_t[l] = static_cast<Elem<V>>(last ? k_qr_end : k_qr_mid);
        c.r_t[l] = static_cast<Elem<V>>(last ? k_gap_ext_end : k_gap_ext_mid);
        c.last[l] = last ? -1 : 0;
    }
    for (std::uint8_t q : used) {
        for (std::size_t l = 0; l < lanes; ++l) c.profile[q][l] = k_scores.v[q][codes[l]];
    }
}

struct Query {
    std::vector<std::uint8_t> codes, used;
};

Query query_codes(std::string_view q) {
    Query out;
    out.codes.resize(q.size());
    std::array<bool, 16> seen{};
    for (std::size_t i = 0; i < q.size(); ++i) {
        out.codes[i] = code4(q[i]);
        if (!seen[out.codes[i]]) { seen[out.codes[i]] = true; out.used.push_back(out.codes[i]); }
    }
    return out;
}

// Fills H and E of the rows and the direction bits of every cell; returns each lane's score.
template <class V>
__attribute__((always_inline)) inline V fill(const Query& q, const std::string_view* t, std::size_t count, std::size_t n, V* hrow, V* erow,
       std::uint8_t* dir) {
    constexpr std::size_t lanes = lanes_of<V>;
    const std::size_t m = q.codes.size();
    for (std::size_t i = 0; i < m; ++i) {
        hrow[i] = splat<V>(-(k_gap_open_end + static_cast<int>(i + 1) * k_gap_ext_end));
        erow[i] = hrow[i] - splat<V>(i + 1 == m ? k_qr_end : k_qr_mid);
    }
    V score{};
    Column<V> c;
    const V qr_mid = splat<V>(k_qr_mid), r_mid = splat<V>(k_gap_ext_mid);
    const V qr_end = splat<V>(k_qr_end), r_end = splat<V>(k_gap_ext_end);
    for (std::size_t j = 0; j < n; ++j) {
        prepare_column(t, count, j, q.used, c);
        V diag = splat<V>(j == 0 ? 0 : -(k_gap_open_end + static_cast<int>(j) * k_gap_ext_end));
        V f = splat<V>(-(k_gap_open_end + static_cast<int>(j + 1) * k_gap_ext_end)) - c.qr_t;
        std::uint8_t* d = dir + j * m * lanes;
        auto cell = [&](std::size_t i, V qr_q, V r_q) {
            V h = diag + c.profile[q.codes[i]];
            diag = hrow[i];
            const V up = f > h;
            h = h > f ? h : f;
            const V e = erow[i];
            const V left = e > h;
            h = h > e ? h : e;
            hrow[i] = h;
            const V hf = h - c.qr_t, ff = f - c.r_t;
            const V ext_up = ff > hf;
            f = ff > hf ? ff : hf;
            const V he = h - qr_q, ee = e - r_q;
            const V ext_left = ee > he;
            erow[i] = ee > he ? ee : he;
            const Bits<V> bits = __builtin_convertvector(
                (up & k_up) | (left & k_left) | (ext_up & k_ext_up) | (ext_left & k_ext_left), Bits<V>);
            std::memcpy(d + i * lanes, &bits, lanes);
        };
        for (std::size_t i = 0; i + 1 < m; ++i) cell(i, qr_mid, r_mid);
        cell(m - 1, qr_end, r_end);  // the last row: gaps in the query are end gaps
        score = c.last ? hrow[m - 1] : score;
    }
    return score;
}

// The 16-bit loop compiled twice: for any x86-64 (SSE2) and for AVX2 (three-operand VEX
// instructions, still 8 lanes), chosen at run time; both give the same integers.
Lanes16 fill16(const Query& q, const std::string_view* t, std::size_t count, std::size_t n, Lanes16* hrow,
               Lanes16* erow, std::uint8_t* dir) {
    return fill<Lanes16>(q, t, count, n, hrow, erow, dir);
}
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) Lanes16 fill16_avx2(const Query& q, const std::string_view* t, std::size_t count,
                                                    std::size_t n, Lanes16* hrow, Lanes16* erow, std::uint8_t* dir) {
    return fill<Lanes16>(q, t, count, n, hrow, erow, dir);
}
#endif
Lanes16 fill_lanes(const Query& q, const std::string_view* t, std::size_t count, std::size_t n, Lanes16* hrow,
                   Lanes16* erow, std::uint8_t* dir) {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2) return fill16_avx2(q, t, count, n, hrow, erow, dir);
#endif
    return fill16(q, t, count, n, hrow, erow, dir);
}
Lanes32 fill_lanes(const Query& q, const std::string_view* t, std::size_t count, std::size_t n, Lanes32* hrow,
                   Lanes32* erow, std::uint8_t* dir) {
    return fill<Lanes32>(q, t, count, n, hrow, erow, dir);
}

void push(std::vector<CigarOp>& rev, char op) {
    if (!rev.empty() && rev.back().op == op) {
        ++rev.back().run;
    } else {
        rev.push_back({op, 1});
    }
}

// Traceback of one lane: dir holds, per column j and row i, one byte per lane.
void traceback(std::string_view q, std::string_view t, const std::uint8_t* dir, std::size_t lanes, std::size_t lane,
               Alignment& out) {
    const std::size_t m = q.size();
    std::vector<CigarOp>& rev = out.cigar;
    rev.clear();
    std::int64_t i = static_cast<std::int64_t>(m) - 1, j = static_cast<std::int64_t>(t.size()) - 1;
    char op = 0;
    auto step = [&](char next) {
        if (next != 'M' && op != next) ++out.gap_opens;
        ++out.columns;
        push(rev, next);
        op = next;
    };
    while (i >= 0 && j >= 0) {
        const int d = dir[(static_cast<std::size_t>(j) * m + static_cast<std::size_t>(i)) * lanes + lane];
        if (op == 'I' && (d & k_ext_left)) { --j; step('I'); }
        else if (op == 'D' && (d & k_ext_up)) { --i; step('D'); }
        else if (d & k_left) { --j; step('I'); }
        else if (d & k_up) { --i; step('D'); }
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

std::vector<Lanes16>& rows(AlignWorkspace& ws, Lanes16) { return ws.rows16; }
std::vector<Lanes32>& rows(AlignWorkspace& ws, Lanes32) { return ws.rows32; }

// Up to lanes_of<V> targets.
template <class V>
void align_lanes(std::string_view q, const Query& codes, const std::string_view* t, std::size_t count,
                 AlignWorkspace& ws, Alignment* out) {
    constexpr std::size_t lanes = lanes_of<V>;
    std::size_t n = 0;
    for (std::size_t l = 0; l < count; ++l) n = std::max(n, t[l].size());
    const std::size_t m = q.size();
    V score{};
    if (m > 0) {
        std::vector<V>& r = rows(ws, V{});
        if (r.size() < 2 * m) r.resize(2 * m);
        if (ws.dir.size() < m * n * lanes) ws.dir.resize(m * n * lanes);
        score = fill_lanes(codes, t, count, n, r.data(), r.data() + m, ws.dir.data());
    }
    for (std::size_t l = 0; l < count; ++l) {
        out[l] = Alignment{};
        // an empty query: the target is one end gap (an empty target keeps the score 0)
        out[l].score = m > 0 ? score[l] : (t[l].empty() ? 0 : -(k_gap_open_end + static_cast<std::int64_t>(t[l].size()) * k_gap_ext_end));
        traceback(q, t[l], ws.dir.data(), lanes, l, out[l]);
    }
}

template <class V>
void align_groups(std::string_view q, const std::string_view* t, std::size_t count, AlignWorkspace& ws,
                  Alignment* out) {
    const Query codes = query_codes(q);
    for (std::size_t at = 0; at < count; at += lanes_of<V>) {
        align_lanes<V>(q, codes, t + at, std::min(lanes_of<V>, count - at), ws, out + at);
    }
}

}  // namespace

void align_global(std::string_view q, std::string_view t, AlignWorkspace& ws, Alignment& out) {
    align_groups<Lanes32>(q, &t, 1, ws, &out);
}

void align_batch(std::string_view q, const std::string_view* t, std::size_t count, AlignWorkspace& ws, Alignment* out) {
    bool long_ones = q.size() > k_long;
    for (std::size_t l = 0; l < count; ++l) long_ones = long_ones || t[l].size() > k_long;
    if (long_ones) {
        align_groups<Lanes32>(q, t, count, ws, out);
    } else {
        align_groups<Lanes16>(q, t, count, ws, out);
    }
}

double identity_without_end_gaps(const Alignment& a) {
    if (a.cigar.empty()) return 0.0;
    std::uint32_t trim = 0;
    const CigarOp& first = a.cigar.front();
    const CigarOp& last = a.cigar.back();
    if (first.op != 'M') trim += first.run;
    if (last.op != 'M' && !(a.cigar.size() == 1 && first.run >= a.columns)) trim += last.run;
    const std::uint32_t internal = a.columns - trim;
    return internal > 0 ? 100.0 * a.matches / internal : 0.0;
}

}  // namespace plateau::amplicon::uchime
