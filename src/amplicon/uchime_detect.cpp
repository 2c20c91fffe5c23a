#include "amplicon/uchime_detect.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace plateau::amplicon::uchime {

namespace {
// How far evaluation may run ahead of the last committed query: fixed (not a function of the
// thread count) so that the amount of speculative work does not grow with it.
constexpr std::size_t k_window = 256;
constexpr std::size_t k_progress_every = 256;

// A result computed while queries [frontier, k) were not committed yet is exact unless one of
// them is among its candidates and turned out chimeric or borderline.
bool stale(const Result& r, std::size_t frontier, std::size_t k, const std::vector<std::int8_t>& status) {
    return std::any_of(r.considered.begin(), r.considered.end(), [&](std::uint32_t j) {
        return j >= frontier && j < k && status[j] >= borderline;
    });
}

struct Pipeline {
    const QuerySet& set;
    const Params& p;
    std::size_t n;
    std::vector<Result>& results;
    std::vector<std::int8_t> status;
    std::vector<std::size_t> frontier_of;            // committed prefix when the query was evaluated
    std::unique_ptr<std::atomic<bool>[]> ready;      // evaluated (results[k] and frontier_of[k] set)
    std::atomic<std::size_t> next{0}, committed{0};  // next query to evaluate, committed prefix
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::condition_variable changed;
    std::exception_ptr error;

    void notify() {
        { const std::lock_guard lock(mutex); }
        changed.notify_all();
    }
    // Takes the next query if it is within the window; n when there is none left.
    bool take(std::size_t& k, bool wait) {
        std::unique_lock lock(mutex, std::defer_lock);
        for (;;) {
            std::size_t x = next.load();
            if (x >= n || failed) { k = n; return true; }
            if (x < committed.load() + k_window) {
                if (next.compare_exchange_weak(x, x + 1)) { k = x; return true; }
                continue;
            }
            if (!wait) return false;
            if (!lock.owns_lock()) { lock.lock(); continue; }  // re-check under the lock, then sleep
            changed.wait(lock);
        }
    }
    void evaluate(std::size_t k, Workspace& ws) {
        const std::size_t frontier = committed.load(std::memory_order_acquire);
        results[k] = evaluate_query(set, k, DatabaseView{&status, frontier}, p, ws);
        frontier_of[k] = frontier;
        ready[k].store(true, std::memory_order_release);
        notify();
    }
    void worker(Workspace& ws) {
        try {
            for (std::size_t k = 0; take(k, true) && k < n;) evaluate(k, ws);
        } catch (...) {
            const std::lock_guard lock(mutex);
            if (!error) error = std::current_exception();
            failed = true;
            changed.notify_all();
        }
    }
    // The calling thread: commits in order (recomputing stale results exactly), evaluates in between.
    void commit_all(Workspace& ws, DetectStats& stats, const std::function<void(std::size_t)>& progress) {
        for (std::size_t c = 0; c < n && !failed;) {
            if (ready[c].load(std::memory_order_acquire)) {
                Result& r = results[c];
                ++stats.evaluated;
                if (stale(r, frontier_of[c], c, status)) {
                    r = evaluate_query(set, c, DatabaseView{&status, c}, p, ws);
                    ++stats.recomputed;
                }
                status[c] = r.status;
                r.considered = {};
                committed.store(++c, std::memory_order_release);
                notify();
                if (c % k_progress_every == 0 || c == n) progress(c);
                continue;
            }
            std::size_t k = n;
            if (take(k, false) && k < n) {
                evaluate(k, ws);
                continue;
            }
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return ready[c].load() || failed.load(); });
        }
    }
};

}  // namespace

std::vector<Result> detect(const QuerySet& set, const Params& p, int threads, DetectStats& stats,
                           const std::function<void(std::size_t)>& progress) {
    const std::size_t n = set.queries.size();
    std::vector<Result> results(n);
    const std::size_t workers = static_cast<std::size_t>(std::max(1, threads));
    std::vector<Workspace> workspaces(workers);
    if (workers == 1) {  // the sequential definition: each query against the committed ones before it
        std::vector<std::int8_t> status(n, -1);
        for (std::size_t k = 0; k < n; ++k) {
            results[k] = evaluate_query(set, k, DatabaseView{&status, k}, p, workspaces[0]);
            status[k] = results[k].status;
            results[k].considered = {};
            ++stats.evaluated;
            if ((k + 1) % k_progress_every == 0 || k + 1 == n) progress(k + 1);
        }
        return results;
    }
    Pipeline pipe{set, p, n, results, std::vector<std::int8_t>(n, -1), std::vector<std::size_t>(n, 0),
                  std::make_unique<std::atomic<bool>[]>(n), {}, {}, {}, {}, {}, {}};
    {
        std::vector<std::jthread> pool;
        for (std::size_t w = 1; w < workers; ++w) pool.emplace_back([&pipe, &workspaces, w] { pipe.worker(workspaces[w]); });
        try {
            pipe.commit_all(workspaces[0], stats, progress);
        } catch (...) {
            const std::lock_guard lock(pipe.mutex);
            if (!pipe.error) pipe.error = std::current_exception();
        }
        pipe.failed = true;  // stops the workers once everything is committed (or on an error)
        pipe.notify();
    }
    if (pipe.error) std::rethrow_exception(pipe.error);
    return results;
}

}  // namespace plateau::amplicon::uchime
