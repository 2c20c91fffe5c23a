// Significance pruning (significance.hpp). The threshold is found on the sorted weight values;
// entries are then kept in index order, every entry at or above the threshold (ties included), so
// the kept set does not depend on sort stability.
#include "class2d/significance.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace plateau::class2d {

namespace {

// The value v_m of the descending order v_1 >= v_2 >= ... at which v_1 + ... + v_m first reaches
// target, found by quickselect (expected linear time) instead of a full sort.
double crossing_value(std::vector<double>& v, double target) {
    if (v.empty()) return 1.0;
    std::size_t lo = 0, hi = v.size();
    double above = 0;  // sum of the elements known to come before [lo, hi)
    while (hi - lo > 32) {
        const std::size_t mid = lo + (hi - lo) / 2;
        std::nth_element(v.begin() + static_cast<long>(lo), v.begin() + static_cast<long>(mid),
                         v.begin() + static_cast<long>(hi), std::greater<>());
        double head = 0;
        for (std::size_t i = lo; i <= mid; ++i) head += v[i];
        if (above + head >= target) {
            hi = mid + 1;
        } else {
            above += head;
            lo = mid + 1;
        }
    }
    std::sort(v.begin() + static_cast<long>(lo), v.begin() + static_cast<long>(hi), std::greater<>());
    for (std::size_t i = lo; i < hi; ++i) {
        above += v[i];
        if (above >= target) return v[i];
    }
    return v[hi - 1];
}

}  // namespace

void select_significant(const std::vector<double>& log_w, double fraction, int max_count,
                        SignificanceScratch& scratch, Significant& result) {
    result.indices.clear();
    result.weights.clear();
    result.total = 0;
    result.max_log_weight = -std::numeric_limits<double>::infinity();
    for (double v : log_w) result.max_log_weight = std::max(result.max_log_weight, v);
    std::vector<double>& w = scratch.w;
    std::vector<double>& sorted = scratch.sorted;
    w.assign(log_w.size(), 0.0);
    sorted.clear();
    std::size_t positive = 0;
    for (std::size_t i = 0; i < log_w.size(); ++i) {
        const double e = log_w[i] - result.max_log_weight;
        if (e < -700 || !std::isfinite(e)) continue;
        w[i] = std::exp(e);
        result.total += w[i];
        ++positive;
    }
    // The weights below floor sum to less than (1 - fraction) * total, so the descending running sum
    // reaches fraction * total at a weight >= floor: only those need ordering.
    const double floor = positive > 0 ? (1.0 - fraction) * result.total / static_cast<double>(positive) : 0.0;
    for (double v : w)
        if (v > 0 && v >= floor) sorted.push_back(v);
    double threshold = crossing_value(sorted, fraction * result.total);
    if (max_count > 0 && sorted.size() > static_cast<std::size_t>(max_count)) {
        std::nth_element(sorted.begin(), sorted.begin() + (max_count - 1), sorted.end(), std::greater<>());
        threshold = std::max(threshold, sorted[static_cast<std::size_t>(max_count - 1)]);
    }
    for (std::size_t i = 0; i < w.size(); ++i)
        if (w[i] > 0 && w[i] >= threshold) {
            result.indices.push_back(i);
            result.weights.push_back(w[i]);
        }
}

Significant select_significant(const std::vector<double>& log_w, double fraction, int max_count) {
    SignificanceScratch scratch;
    Significant result;
    select_significant(log_w, fraction, max_count, scratch, result);
    return result;
}

}  // namespace plateau::class2d
