// UCHIME de novo over one sample's queries, in parallel with the calls of the sequential
// algorithm. Each query's database is the non-chimeric queries before it (vsearch). Threads
// evaluate queries in order, up to 256 ahead of the last committed one, each against the queries
// committed when its evaluation starts plus, speculatively, every later one before it; the
// calling thread commits the results in order (and evaluates when it has nothing to commit),
// recomputing a result exactly when one of its 80 candidates (4 chunks x top 20 by k-mers) is a
// query that was not committed when it was evaluated and turned out chimeric or borderline. A
// query absent from all of a query's top-20 lists cannot change that query's search, so every
// kept result is exact and the output does not depend on the thread count or the timing. There
// is no barrier: a thread waits only when it is 256 queries ahead or has nothing to commit.
#pragma once

#include "amplicon/uchime_search.hpp"

#include <functional>

namespace plateau::amplicon::uchime {

struct DetectStats {
    std::uint64_t evaluated = 0, recomputed = 0;
};

// Results in set order; `progress(done)` is called every 256 committed queries and at the end.
[[nodiscard]] std::vector<Result> detect(const QuerySet& set, const Params& p, int threads, DetectStats& stats,
                                         const std::function<void(std::size_t)>& progress);

}  // namespace plateau::amplicon::uchime
