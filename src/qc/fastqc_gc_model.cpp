// FastQC 0.11.9's "Per sequence GC content": each read spreads one count over the GC-percent bins
// its GC count could round to (GCModel), then a normal curve centred on the mode is fitted and the
// summed absolute deviation, as a percentage of reads, is the verdict statistic.
#include <array>
#include <cmath>
#include <numbers>

#include "qc/fastqc_modules_detail.hpp"

namespace plateau::qc::detail {
namespace {

constexpr std::size_t k_bins = 101;

struct PercentRange {
    int low = 0;
    int high = 0;
};

// GCModel: the percent bins a read of `length` with `gc` G+C bases claims are those between
// round(100*(gc-0.5)/length) and round(100*(gc+0.5)/length), clamped to [0, length].
PercentRange claimed_range(std::size_t length, std::size_t gc) {
    const auto len = static_cast<double>(length);
    const double low = std::min(std::max(static_cast<double>(gc) - 0.5, 0.0), len);
    const double high = std::min(std::max(static_cast<double>(gc) + 0.5, 0.0), len);
    // Java's Math.round (ties up) equals std::round for these non-negative values.
    return {static_cast<int>(std::round((low * 100) / len)), static_cast<int>(std::round((high * 100) / len))};
}

// Adds count/claims(p) to every bin p that this (length, gc) claims, for each gc with reads.
void add_length(std::array<double, k_bins>& dist, std::size_t length, const std::vector<std::uint64_t>& by_gc) {
    std::array<int, k_bins> claims{};
    for (std::size_t gc = 0; gc <= length; ++gc) {
        const auto range = claimed_range(length, gc);
        for (int p = range.low; p <= range.high; ++p) ++claims[static_cast<std::size_t>(p)];
    }
    for (std::size_t gc = 0; gc < by_gc.size() && gc <= length; ++gc) {
        if (by_gc[gc] == 0) continue;
        const auto range = claimed_range(length, gc);
        for (int p = range.low; p <= range.high; ++p) {
            const auto bin = static_cast<std::size_t>(p);
            dist[bin] += static_cast<double>(by_gc[gc]) * (1.0 / claims[bin]);
        }
    }
}

// The mode: the first maximum, or the mean of the bins within 10% of it around it unless that
// run reaches either end of the range.
double mode_of(const std::array<double, k_bins>& dist, std::size_t first_mode) {
    const double cutoff = dist[first_mode] - (dist[first_mode] / 10);
    double sum = 0;
    int n = 0;
    bool fell_off_top = true, fell_off_bottom = true;
    for (std::size_t i = first_mode; i < k_bins; ++i) {
        if (!(dist[i] > cutoff)) {
            fell_off_top = false;
            break;
        }
        sum += static_cast<double>(i);
        ++n;
    }
    for (std::size_t i = first_mode; i-- > 0;) {
        if (!(dist[i] > cutoff)) {
            fell_off_bottom = false;
            break;
        }
        sum += static_cast<double>(i);
        ++n;
    }
    return (fell_off_bottom || fell_off_top) ? static_cast<double>(first_mode) : sum / n;
}

}  // namespace

ModuleResult gc_content_module(const FastqcInput& input, const FastqcLimits& limits) {
    std::array<double, k_bins> dist{};
    for (std::size_t length = 1; length < input.gc_hist.size(); ++length) {
        if (!input.gc_hist[length].empty()) add_length(dist, length, input.gc_hist[length]);
    }

    double total = 0, mode_count = 0;
    std::size_t first_mode = 0;
    for (std::size_t i = 0; i < k_bins; ++i) {
        total += dist[i];
        if (dist[i] > mode_count) {
            mode_count = dist[i];
            first_mode = i;
        }
    }
    const double mode = mode_of(dist, first_mode);
    double variance = 0;
    for (std::size_t i = 0; i < k_bins; ++i) variance += std::pow(static_cast<double>(i) - mode, 2) * dist[i];
    variance /= total - 1;
    const double stdev = std::sqrt(variance);

    ModuleResult r = named_result("Per sequence GC content");
    r.series = {{"GC count per read", std::vector<double>(dist.begin(), dist.end())}, {"Theoretical Distribution", {}}};
    double deviation = 0;
    for (std::size_t i = 0; i < k_bins; ++i) {
        r.x_labels.push_back(std::to_string(i));
        // NormalDistribution.getZScoreForValue (the density), scaled to the number of reads.
        const double lhs = 1.0 / std::sqrt(2 * std::numbers::pi * stdev * stdev);
        const double rhs = std::pow(std::numbers::e, 0 - (std::pow(static_cast<double>(i) - mode, 2) / (2 * stdev * stdev)));
        const double expected = lhs * rhs * total;
        r.series[1].values.push_back(expected);
        deviation += std::abs(expected - dist[i]);
    }
    deviation = deviation / total * 100;
    r.values = {{"Mode", mode}, {"Standard deviation", stdev}, {"Deviation percent", deviation}};
    r.verdict = verdict_of(deviation > limits.gc_sequence_error, deviation > limits.gc_sequence_warn);
    return r;
}

}  // namespace plateau::qc::detail
