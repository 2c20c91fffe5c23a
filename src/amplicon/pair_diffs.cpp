#include "amplicon/pair_diffs.hpp"

#include <algorithm>

namespace plateau::amplicon {

namespace {
constexpr std::int64_t k_inf = std::int64_t{1} << 50;
// Direction bits of a cell: the diagonal is not worse than the vertical gap; the horizontal gap is
// chosen; the next vertical / horizontal gap state opens here rather than extending.
constexpr std::uint8_t k_diag_ok = 1, k_left = 2, k_open_up = 4, k_open_left = 8;

struct Band {
    std::int64_t lo = 0, hi = 0;  // diagonals j - i kept
    [[nodiscard]] std::int64_t width() const { return hi - lo + 1; }
};

Band band_for(std::int64_t qlen, std::int64_t tlen, const Scoring& s, int d) {
    const std::int64_t delta = tlen - qlen;
    const std::int64_t bound = d * std::max(s.mismatch, s.first_gap());
    // w extra diagonals: leaving them needs w + 1 gap columns, at least first_gap + w * extend.
    const std::int64_t w = bound < s.first_gap() ? 0 : (bound - s.first_gap()) / s.gap_extend + 1;
    const std::int64_t cap = std::max(qlen, tlen);
    return {std::max(std::min<std::int64_t>(0, delta) - w, -cap), std::min(std::max<std::int64_t>(0, delta) + w, cap)};
}

std::int64_t fill(const std::vector<std::uint8_t>& q, const std::vector<std::uint8_t>& t, const Scoring& s, Band b,
                  PairWorkspace& ws) {
    const auto qlen = static_cast<std::int64_t>(q.size());
    const auto tlen = static_cast<std::int64_t>(t.size());
    const std::int64_t open = s.first_gap(), ext = s.gap_extend;
    ws.dir.assign(static_cast<std::size_t>(qlen * b.width()), 0);
    ws.h.resize(static_cast<std::size_t>(tlen));
    ws.f.resize(static_cast<std::size_t>(tlen));
    for (std::int64_t j = 0; j < tlen; ++j) {  // row -1: a leading gap of j + 1 target bases
        ws.h[static_cast<std::size_t>(j)] = open + j * ext;
        ws.f[static_cast<std::size_t>(j)] = 2 * open + j * ext;
    }
    for (std::int64_t i = 0; i < qlen; ++i) {
        const std::int64_t jlo = std::max<std::int64_t>(0, i + b.lo);
        const std::int64_t jhi = std::min(tlen - 1, i + b.hi);
        const std::int64_t left = open + i * ext;  // H(i, -1)
        std::int64_t diag = jlo == 0 ? (i == 0 ? 0 : left - ext) : ws.h[static_cast<std::size_t>(jlo - 1)];
        std::int64_t e = jlo == 0 ? left + open : k_inf;
        const std::int64_t row = i * b.width() - (i + b.lo);  // cell (i, j) is dir[row + j]
        for (std::int64_t j = jlo; j <= jhi; ++j) {
            const auto ju = static_cast<std::size_t>(j);
            std::int64_t h = diag + (q[static_cast<std::size_t>(i)] == t[ju] ? 0 : s.mismatch);
            diag = ws.h[ju];
            const std::int64_t f = ws.f[ju];
            std::uint8_t bits = h <= f ? k_diag_ok : 0;
            h = std::min(h, f);
            if (e <= h) bits |= k_left;
            h = std::min(h, e);
            ws.h[ju] = h;
            const std::int64_t hq = h + open;
            if (hq <= f + ext) bits |= k_open_up;
            ws.f[ju] = std::min(hq, f + ext);
            if (hq <= e + ext) bits |= k_open_left;
            e = std::min(hq, e + ext);
            ws.dir[static_cast<std::size_t>(row + j)] = bits;
        }
        if (jhi + 1 < tlen) ws.f[static_cast<std::size_t>(jhi + 1)] = k_inf;  // above the band next row
        if (jlo > 0) ws.h[static_cast<std::size_t>(jlo - 1)] = k_inf;
    }
    return ws.h[static_cast<std::size_t>(tlen - 1)];
}
}  // namespace

PairDiffs pair_diffs(const std::vector<std::uint8_t>& q, const std::vector<std::uint8_t>& t, const Scoring& s, int d,
                     PairWorkspace& ws) {
    const auto qlen = static_cast<std::int64_t>(q.size());
    const auto tlen = static_cast<std::int64_t>(t.size());
    PairDiffs r;
    if (std::abs(qlen - tlen) > d || qlen == 0 || tlen == 0) {
        r.cost = k_inf;
        r.diffs = static_cast<std::uint32_t>(d) + 1;
        return r;
    }
    const Band b = band_for(qlen, tlen, s, d);
    r.cost = fill(q, t, s, b, ws);
    std::int64_t i = qlen - 1, j = tlen - 1, aligned = 0, matches = 0;
    char op = 0;
    while (i >= 0 && j >= 0) {
        if (j - i < b.lo || j - i > b.hi) {  // only costs beyond the bound leave the band
            r.diffs = static_cast<std::uint32_t>(d) + 1;
            return r;
        }
        ++aligned;
        const std::uint8_t bits = ws.dir[static_cast<std::size_t>(i * b.width() + (j - i - b.lo))];
        if (op == 'I' && (bits & k_open_left) == 0) {
            --j;
        } else if (op == 'D' && (bits & k_open_up) == 0) {
            --i;
        } else if ((bits & k_left) != 0) {
            --j;
            op = 'I';
        } else if ((bits & k_diag_ok) == 0) {
            --i;
            op = 'D';
        } else {
            matches += q[static_cast<std::size_t>(i)] == t[static_cast<std::size_t>(j)] ? 1 : 0;
            --i;
            --j;
            op = 'M';
        }
    }
    aligned += (i + 1) + (j + 1);
    r.diffs = static_cast<std::uint32_t>(std::min<std::int64_t>(aligned - matches, 0xffffffffLL));
    return r;
}

}  // namespace plateau::amplicon
