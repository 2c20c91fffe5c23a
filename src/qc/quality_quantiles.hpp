// Per-cycle quality summaries (mean, quartiles, 10th/90th percentiles) from ReadStats counts.
#pragma once

#include "qc/read_stats.hpp"

#include <vector>

namespace plateau::qc {

struct CycleQuality {
    double mean = 0;
    int median = 0, lower_quartile = 0, upper_quartile = 0, percentile_10 = 0, percentile_90 = 0;
};

// Percentiles are the smallest Phred score whose cumulative count reaches the fraction of bases.
[[nodiscard]] std::vector<CycleQuality> per_cycle_quality(const ReadStats& stats);

}  // namespace plateau::qc
