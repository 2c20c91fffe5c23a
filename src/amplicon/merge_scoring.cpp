// The tables are computed with the same expressions, in the same order, as vsearch 2.22.1, so that
// every score sum and rounded quality is bit-for-bit the same (exp10/log2/log10 from glibc).
#include "amplicon/merge_scoring.hpp"

#include "amplicon/merge_api.hpp"

#include <algorithm>
#include <cmath>

namespace plateau::amplicon {

namespace {

double probability_of_error(int c, int ascii) {
    const int q = c - ascii;
    return q < 2 ? 0.75 : ::exp10(-q / 10.0);
}

char clamp_quality(double p, const MergeOptions& o) {
    double q = std::round(-10.0 * std::log10(p));
    q = std::min(q, static_cast<double>(o.qmaxout));
    q = std::max(q, static_cast<double>(o.qminout));
    return static_cast<char>(o.ascii + static_cast<int>(q));
}

}  // namespace

MergeTables::MergeTables(const MergeOptions& o) {
    if (o.min_overlap < 9) {
        min_diagonal_kmers = static_cast<int>(o.min_overlap) - 4;
        min_score = 1.6 * static_cast<double>(o.min_overlap);
    }
    for (int x = 33; x <= 126; ++x) {
        const double px = probability_of_error(x, o.ascii);
        error_probability[x] = px;
        for (int y = 33; y <= 126; ++y) {
            const double py = probability_of_error(y, o.ascii);
            quality_same[x][y] = clamp_quality(px * py / 3.0 / (1.0 - px - py + 4.0 * px * py / 3.0), o);
            quality_diff[x][y] = clamp_quality(px * (1.0 - py / 3.0) / (px + py - 4.0 * px * py / 3.0), o);
            const double p = 1.0 - px - py + px * py * 4.0 / 3.0;
            match_score[x][y] = std::log2(p / 0.25);
            mismatch_score[x][y] = std::min(std::log2((1.0 - p) / 0.75), -4.0);
        }
    }
}

}  // namespace plateau::amplicon
