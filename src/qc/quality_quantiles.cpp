#include "qc/quality_quantiles.hpp"

#include <array>

namespace plateau::qc {
namespace {

int percentile(const std::array<std::int64_t, k_quality_bins>& hist, std::int64_t total, double fraction) {
    if (total == 0) return 0;
    const double target = fraction * static_cast<double>(total);
    std::int64_t cumulative = 0;
    for (int q = 0; q < k_quality_bins; ++q) {
        cumulative += hist[static_cast<std::size_t>(q)];
        if (static_cast<double>(cumulative) >= target) return q;
    }
    return k_quality_bins - 1;
}

}  // namespace

std::vector<CycleQuality> per_cycle_quality(const ReadStats& stats) {
    std::vector<CycleQuality> out;
    out.reserve(static_cast<std::size_t>(stats.cycles()));
    for (int c = 0; c < stats.cycles(); ++c) {
        std::array<std::int64_t, k_quality_bins> hist{};
        std::int64_t total = 0, sum = 0;
        for (int b = 0; b < k_base_kinds; ++b)
            for (int q = 0; q < k_quality_bins; ++q) {
                const std::int64_t n = stats.count(c, b, q);
                hist[static_cast<std::size_t>(q)] += n;
                total += n;
                sum += n * q;
            }
        CycleQuality cq;
        cq.mean = total > 0 ? static_cast<double>(sum) / static_cast<double>(total) : 0.0;
        cq.percentile_10 = percentile(hist, total, 0.10);
        cq.lower_quartile = percentile(hist, total, 0.25);
        cq.median = percentile(hist, total, 0.50);
        cq.upper_quartile = percentile(hist, total, 0.75);
        cq.percentile_90 = percentile(hist, total, 0.90);
        out.push_back(cq);
    }
    return out;
}

}  // namespace plateau::qc
