// Counters and histograms for /metrics (Prometheus text exposition format 0.0.4). Recording is
// lock-free on the request path (relaxed atomics); only failure reasons use a mutex.
#pragma once

#include "gateway/http/connection_stats.hpp"

#include "gateway/router.hpp"
#include "gateway/state_machine.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace plateau::gateway {

// What happens in the dataset area (plateau_gateway_staging_events_total{event=...}).
enum class StagingEvent {
    upload_created, upload_completed, upload_terminated, upload_expired, checksum_mismatch, quota_refused,
    dataset_created, dataset_deleted, dataset_linked,
};
inline constexpr std::size_t k_staging_events = static_cast<std::size_t>(StagingEvent::dataset_linked) + 1;

class Metrics {
public:
    static constexpr std::size_t k_routes = static_cast<std::size_t>(RouteId::method_not_allowed) + 1;
    static constexpr std::array<int, 19> k_statuses{200, 201, 204, 206, 400, 401, 403, 404, 405, 409,
                                                     410, 412, 413, 415, 416, 460, 500, 503, 0};
    static constexpr std::array<double, 14> k_buckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,    0.1,    0.25,  1,      5,     30};

    void record_request(RouteId route, int status, double seconds);
    void add_uploaded(std::uint64_t bytes) { m_uploaded.fetch_add(bytes, std::memory_order_relaxed); }
    void add_downloaded(std::uint64_t bytes) { m_downloaded.fetch_add(bytes, std::memory_order_relaxed); }
    void record_transition(JobState to);
    void record_failure(const std::string& reason);
    void record_staging(StagingEvent event) {
        m_staging[static_cast<std::size_t>(event)].fetch_add(1, std::memory_order_relaxed);
    }
    void record_executor_error() { m_executor_errors.fetch_add(1, std::memory_order_relaxed); }
    // Counted by the HTTP front end.
    [[nodiscard]] http::ConnectionStats& connections() { return m_connections; }

    // Renders everything; active_by_state is the current gauge from the store.
    [[nodiscard]] std::string render(const std::map<JobState, std::size_t>& active_by_state,
                                     std::string_view executor) const;

private:
    void render_requests(std::string& out) const;
    void render_durations(std::string& out) const;
    void render_jobs(std::string& out, const std::map<JobState, std::size_t>& active_by_state) const;
    void render_totals(std::string& out, std::string_view executor) const;
    void render_connections(std::string& out) const;
    void render_staging(std::string& out) const;
    struct RouteStats {
        std::array<std::atomic<std::uint64_t>, k_statuses.size()> by_status{};
        std::array<std::atomic<std::uint64_t>, k_buckets.size()> buckets{};
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sum_ns{0};
    };
    std::array<RouteStats, k_routes> m_routes{};
    http::ConnectionStats m_connections;
    std::atomic<std::uint64_t> m_uploaded{0}, m_downloaded{0}, m_executor_errors{0};
    std::array<std::atomic<std::uint64_t>, 8> m_transitions{};
    std::array<std::atomic<std::uint64_t>, k_staging_events> m_staging{};
    mutable std::mutex m_failure_mutex;
    std::map<std::string, std::uint64_t> m_failures;
};

}  // namespace plateau::gateway
