#include "gateway/metrics.hpp"

#include <cstdio>

namespace plateau::gateway {
namespace {

constexpr std::array<JobState, 8> k_states{JobState::preprocessing, JobState::queued,   JobState::running,
                                           JobState::postprocessing, JobState::complete, JobState::failed,
                                           JobState::cancelled,      JobState::lost};

void line(std::string& out, const char* format, auto... args) {
    char buffer[512];
    const int n = std::snprintf(buffer, sizeof buffer, format, args...);
    if (n > 0) out.append(buffer, static_cast<std::size_t>(std::min<int>(n, sizeof buffer - 1)));
}

std::string escape_label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace

void Metrics::record_request(RouteId route, int status, double seconds) {
    auto& stats = m_routes[static_cast<std::size_t>(route)];
    std::size_t slot = k_statuses.size() - 1;
    for (std::size_t i = 0; i + 1 < k_statuses.size(); ++i)
        if (k_statuses[i] == status) slot = i;
    stats.by_status[slot].fetch_add(1, std::memory_order_relaxed);
    stats.count.fetch_add(1, std::memory_order_relaxed);
    stats.sum_ns.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
    for (std::size_t i = 0; i < k_buckets.size(); ++i)
        if (seconds <= k_buckets[i]) {
            stats.buckets[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
}

void Metrics::record_transition(JobState to) {
    m_transitions[static_cast<std::size_t>(to)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::record_failure(const std::string& reason) {
    std::lock_guard lock(m_failure_mutex);
    ++m_failures[reason];
}

namespace {

std::string route_label(std::size_t i) {
    if (i == static_cast<std::size_t>(RouteId::not_found)) return "not_found";
    if (i == static_cast<std::size_t>(RouteId::method_not_allowed)) return "method_not_allowed";
    for (const auto& r : route_table())
        if (static_cast<std::size_t>(r.id) == i) return std::string(r.name);
    return "unknown";
}

}  // namespace

void Metrics::render_requests(std::string& out) const {
    out += "# HELP plateau_gateway_http_requests_total HTTP requests by route and status code.\n"
           "# TYPE plateau_gateway_http_requests_total counter\n";
    for (std::size_t r = 0; r < k_routes; ++r) {
        const std::string name = route_label(r);
        for (std::size_t s = 0; s < k_statuses.size(); ++s) {
            const auto n = m_routes[r].by_status[s].load(std::memory_order_relaxed);
            if (n == 0) continue;
            const std::string code = k_statuses[s] == 0 ? "other" : std::to_string(k_statuses[s]);
            line(out, "plateau_gateway_http_requests_total{route=\"%s\",code=\"%s\"} %llu\n", name.c_str(), code.c_str(),
                 static_cast<unsigned long long>(n));
        }
    }
}

void Metrics::render_durations(std::string& out) const {
    out += "# HELP plateau_gateway_http_request_duration_seconds Time from routing to the end of the response.\n"
           "# TYPE plateau_gateway_http_request_duration_seconds histogram\n";
    for (std::size_t r = 0; r < k_routes; ++r) {
        const auto count = m_routes[r].count.load(std::memory_order_relaxed);
        if (count == 0) continue;
        const std::string name = route_label(r);
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < k_buckets.size(); ++b) {
            cumulative += m_routes[r].buckets[b].load(std::memory_order_relaxed);
            line(out, "plateau_gateway_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", name.c_str(),
                 k_buckets[b], static_cast<unsigned long long>(cumulative));
        }
        line(out, "plateau_gateway_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", name.c_str(),
             static_cast<unsigned long long>(count));
        line(out, "plateau_gateway_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name.c_str(),
             static_cast<double>(m_routes[r].sum_ns.load(std::memory_order_relaxed)) / 1e9);
        line(out, "plateau_gateway_http_request_duration_seconds_count{route=\"%s\"} %llu\n", name.c_str(),
             static_cast<unsigned long long>(count));
    }
}

void Metrics::render_jobs(std::string& out, const std::map<JobState, std::size_t>& active_by_state) const {
    out += "# HELP plateau_gateway_jobs Active (not cleaned) jobs by state.\n# TYPE plateau_gateway_jobs gauge\n";
    for (JobState state : k_states) {
        const auto it = active_by_state.find(state);
        line(out, "plateau_gateway_jobs{state=\"%s\"} %zu\n", std::string(to_string(state)).c_str(),
             it == active_by_state.end() ? std::size_t{0} : it->second);
    }
    out += "# HELP plateau_gateway_job_transitions_total Job state changes since start, by new state.\n"
           "# TYPE plateau_gateway_job_transitions_total counter\n";
    for (JobState state : k_states)
        line(out, "plateau_gateway_job_transitions_total{state=\"%s\"} %llu\n", std::string(to_string(state)).c_str(),
             static_cast<unsigned long long>(m_transitions[static_cast<std::size_t>(state)].load()));
    out += "# HELP plateau_gateway_job_failures_total Failed jobs since start, by reason.\n"
           "# TYPE plateau_gateway_job_failures_total counter\n";
    std::lock_guard lock(m_failure_mutex);
    for (const auto& [reason, n] : m_failures)
        line(out, "plateau_gateway_job_failures_total{reason=\"%s\"} %llu\n", escape_label(reason).c_str(),
             static_cast<unsigned long long>(n));
}

void Metrics::render_totals(std::string& out, std::string_view executor) const {
    out += "# HELP plateau_gateway_uploaded_bytes_total Bytes staged by uploads.\n"
           "# TYPE plateau_gateway_uploaded_bytes_total counter\n";
    line(out, "plateau_gateway_uploaded_bytes_total %llu\n", static_cast<unsigned long long>(m_uploaded.load()));
    out += "# HELP plateau_gateway_downloaded_bytes_total Bytes sent by downloads.\n"
           "# TYPE plateau_gateway_downloaded_bytes_total counter\n";
    line(out, "plateau_gateway_downloaded_bytes_total %llu\n", static_cast<unsigned long long>(m_downloaded.load()));
    out += "# HELP plateau_gateway_executor_errors_total Failed executor commands (submit, poll, cancel).\n"
           "# TYPE plateau_gateway_executor_errors_total counter\n";
    line(out, "plateau_gateway_executor_errors_total %llu\n", static_cast<unsigned long long>(m_executor_errors.load()));
    out += "# HELP plateau_gateway_info Gateway build and executor.\n# TYPE plateau_gateway_info gauge\n";
    line(out, "plateau_gateway_info{executor=\"%s\"} 1\n", std::string(executor).c_str());
}

void Metrics::render_staging(std::string& out) const {
    static constexpr std::array<const char*, k_staging_events> k_names{
        "upload_created", "upload_completed", "upload_terminated", "upload_expired", "checksum_mismatch",
        "quota_refused",  "dataset_created",  "dataset_deleted",   "dataset_linked"};
    out += "# HELP plateau_gateway_staging_events_total Dataset area events since start (tus uploads, datasets).\n"
           "# TYPE plateau_gateway_staging_events_total counter\n";
    for (std::size_t i = 0; i < k_staging_events; ++i)
        line(out, "plateau_gateway_staging_events_total{event=\"%s\"} %llu\n", k_names[i],
             static_cast<unsigned long long>(m_staging[i].load(std::memory_order_relaxed)));
}

void Metrics::render_connections(std::string& out) const {
    const auto& c = m_connections;
    out += "# HELP plateau_gateway_http_connections_open Client connections open now.\n"
           "# TYPE plateau_gateway_http_connections_open gauge\n";
    line(out, "plateau_gateway_http_connections_open %lld\n", static_cast<long long>(c.open.load()));
    out += "# HELP plateau_gateway_http_connections_total Client connections by what became of them: accepted, rejected "
           "at the caps, evicted (idle, to make room), closed idle at a deadline.\n"
           "# TYPE plateau_gateway_http_connections_total counter\n";
    const std::pair<const char*, const std::atomic<std::uint64_t>*> outcomes[] = {
        {"accepted", &c.accepted}, {"rejected", &c.rejected}, {"evicted", &c.evicted}, {"idle_closed", &c.idle_closed}};
    for (const auto& [outcome, count] : outcomes)
        line(out, "plateau_gateway_http_connections_total{outcome=\"%s\"} %llu\n", outcome,
             static_cast<unsigned long long>(count->load()));
    out += "# HELP plateau_gateway_http_refused_total Requests the front end refused before routing, by status.\n"
           "# TYPE plateau_gateway_http_refused_total counter\n";
    for (std::size_t i = 0; i < c.refused.size(); ++i) {
        const int code = http::ConnectionStats::k_refusal_statuses[i];
        line(out, "plateau_gateway_http_refused_total{code=\"%s\"} %llu\n", code ? std::to_string(code).c_str() : "other",
             static_cast<unsigned long long>(c.refused[i].load()));
    }
}

std::string Metrics::render(const std::map<JobState, std::size_t>& active_by_state, std::string_view executor) const {
    std::string out;
    out.reserve(16384);
    render_requests(out);
    render_durations(out);
    render_jobs(out, active_by_state);
    render_totals(out, executor);
    render_connections(out);
    render_staging(out);
    return out;
}

}  // namespace plateau::gateway
