// Parallel loops over index ranges with explicit context (lambdas), chunks handed out in order
// by an atomic counter. Callers write only per-item or per-chunk slots, so results do not depend
// on the thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace plateau::amplicon {

// Calls fn(chunk_index, begin, end, worker) for chunks of `chunk` items covering [0, n).
template <typename Fn>
void parallel_chunks(std::size_t n, std::size_t chunk, int threads, Fn&& fn) {
    const std::size_t chunks = (n + chunk - 1) / chunk;
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&](int worker) {
        try {
            for (std::size_t c = next++; c < chunks; c = next++) fn(c, c * chunk, std::min(n, (c + 1) * chunk), worker);
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            next = chunks;
        }
    };
    const int workers = static_cast<int>(std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(threads), chunks)));
    {
        std::vector<std::jthread> pool;
        for (int w = 1; w < workers; ++w) pool.emplace_back(work, w);
        work(0);
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace plateau::amplicon
