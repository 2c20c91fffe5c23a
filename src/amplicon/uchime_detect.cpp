#include "amplicon/uchime_detect.hpp"

#include "amplicon/parallel.hpp"

#include <algorithm>

namespace plateau::amplicon::uchime {

namespace {
// Block length: fixed (not a function of the thread count) beyond one thread, so the amount of
// speculative work does not change with it; one thread evaluates sequentially.
constexpr std::size_t k_block = 256;

bool stale(const Result& r, std::size_t block_start, std::size_t k, const std::vector<std::int8_t>& status) {
    return std::any_of(r.considered.begin(), r.considered.end(), [&](std::uint32_t j) {
        return j >= block_start && j < k && status[j] >= borderline;
    });
}
}  // namespace

std::vector<Result> detect(const QuerySet& set, const Params& p, int threads, DetectStats& stats,
                           const std::function<void(std::size_t)>& progress) {
    const std::size_t n = set.queries.size();
    std::vector<Result> results(n);
    std::vector<std::int8_t> status(n, -1);
    std::vector<Workspace> workspaces(static_cast<std::size_t>(std::max(1, threads)));
    const std::size_t block = threads <= 1 ? 1 : k_block;
    for (std::size_t a = 0; a < n;) {
        const std::size_t b = std::min(n, a + block);
        const DatabaseView speculative{&status, a};
        parallel_chunks(b - a, 1, threads, [&](std::size_t, std::size_t begin, std::size_t end, int worker) {
            for (std::size_t i = begin; i < end; ++i) {
                results[a + i] = evaluate_query(set, a + i, speculative, p, workspaces[static_cast<std::size_t>(worker)]);
            }
        });
        stats.evaluated += b - a;
        for (std::size_t k = a; k < b; ++k) {
            if (stale(results[k], a, k, status)) {
                results[k] = evaluate_query(set, k, DatabaseView{&status, k}, p, workspaces[0]);
                ++stats.recomputed;
            }
            status[k] = results[k].status;
            results[k].considered = {};
        }
        a = b;
        progress(a);
    }
    return results;
}

}  // namespace plateau::amplicon::uchime
