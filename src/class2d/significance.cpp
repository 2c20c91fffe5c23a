// Significance pruning (significance.hpp). The threshold is found on the sorted weight values;
// entries are then kept in index order, every entry at or above the threshold (ties included), so
// the kept set does not depend on sort stability.
#include "class2d/significance.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace plateau::class2d {

Significant select_significant(const std::vector<double>& log_w, double fraction, int max_count) {
    Significant result;
    result.max_log_weight = -std::numeric_limits<double>::infinity();
    for (double v : log_w) result.max_log_weight = std::max(result.max_log_weight, v);
    std::vector<double> w(log_w.size(), 0.0), sorted;
    sorted.reserve(log_w.size());
    for (std::size_t i = 0; i < log_w.size(); ++i) {
        const double e = log_w[i] - result.max_log_weight;
        if (e < -700 || !std::isfinite(e)) continue;
        w[i] = std::exp(e);
        result.total += w[i];
        sorted.push_back(w[i]);
    }
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    double sum = 0, threshold = sorted.empty() ? 1.0 : sorted.back();
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        sum += sorted[i];
        if (sum >= fraction * result.total || (max_count > 0 && static_cast<int>(i) + 1 >= max_count)) {
            threshold = sorted[i];
            break;
        }
    }
    for (std::size_t i = 0; i < w.size(); ++i)
        if (w[i] > 0 && w[i] >= threshold) {
            result.indices.push_back(i);
            result.weights.push_back(w[i]);
        }
    return result;
}

}  // namespace plateau::class2d
