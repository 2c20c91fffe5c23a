// Significance pruning (em2d-peers.md §6): weights relative to the best, sorted descending; the
// smallest top set whose sum reaches adaptive_fraction of the total is kept (capped by --maxsig).
#pragma once

#include <cstddef>
#include <vector>

namespace plateau::class2d {

struct Significant {
    std::vector<std::size_t> indices;  // kept entries (weight >= the threshold, ties kept), index order
    std::vector<double> weights;       // exp(log_w - max), same order
    double max_log_weight = 0;
    double total = 0;                  // sum of exp(log_w - max) over all entries
};

// Memory select_significant reuses from call to call (one per thread).
struct SignificanceScratch {
    std::vector<double> w, sorted;
};

// Fills `out`, reusing its vectors' and `scratch`'s memory (no allocation once they have grown).
void select_significant(const std::vector<double>& log_w, double fraction, int max_count,
                        SignificanceScratch& scratch, Significant& out);

Significant select_significant(const std::vector<double>& log_w, double fraction, int max_count);

}  // namespace plateau::class2d
