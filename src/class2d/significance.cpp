// Significance pruning (significance.hpp).
#include "class2d/significance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace plateau::class2d {

Significant select_significant(const std::vector<double>& log_w, double fraction, int max_count) {
    Significant result;
    result.max_log_weight = -std::numeric_limits<double>::infinity();
    for (double v : log_w) result.max_log_weight = std::max(result.max_log_weight, v);
    std::vector<double> w(log_w.size(), 0.0);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < log_w.size(); ++i) {
        const double e = log_w[i] - result.max_log_weight;
        if (e < -700 || !std::isfinite(e)) continue;
        w[i] = std::exp(e);
        result.total += w[i];
        order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return w[a] > w[b] || (w[a] == w[b] && a < b); });
    double sum = 0;
    for (std::size_t i : order) {
        result.indices.push_back(i);
        result.weights.push_back(w[i]);
        sum += w[i];
        if (sum >= fraction * result.total) break;
        if (max_count > 0 && static_cast<int>(result.indices.size()) >= max_count) break;
    }
    return result;
}

}  // namespace plateau::class2d
