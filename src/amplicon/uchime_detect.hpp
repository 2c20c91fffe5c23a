// UCHIME de novo over one sample's queries, in parallel with the calls of the sequential
// algorithm. Each query's database is the non-chimeric queries before it (vsearch). Queries are
// evaluated in blocks: every query of a block against the queries committed before the block
// plus, speculatively, all the block's earlier queries; then, in order, each result is
// committed, or recomputed exactly when one of its 80 candidates (4 chunks x top 20 by k-mers)
// is an earlier block member that turned out chimeric or borderline. A query absent from all of
// a query's top-20 lists cannot change that query's search, so every kept result is exact and
// the output does not depend on the thread count.
#pragma once

#include "amplicon/uchime_search.hpp"

#include <functional>

namespace plateau::amplicon::uchime {

struct DetectStats {
    std::uint64_t evaluated = 0, recomputed = 0;
};

// Results in set order; `progress(done)` is called after each committed block.
[[nodiscard]] std::vector<Result> detect(const QuerySet& set, const Params& p, int threads, DetectStats& stats,
                                         const std::function<void(std::size_t)>& progress);

}  // namespace plateau::amplicon::uchime
