#include "gateway/router.hpp"

#include <array>

namespace plateau::gateway {
namespace {

constexpr std::array<RouteSpec, 29> k_routes{{
    {RouteId::setup, "setup", "POST", "/jobs", true},
    {RouteId::upload, "upload_file", "POST", "/jobs/{job_id}/files", true},
    {RouteId::download, "download_output", "GET", "/jobs/{job_id}/files", true},
    {RouteId::file_path, "path", "GET", "/jobs/{job_id}/files/path", true},
    {RouteId::submit, "submit", "POST", "/jobs/{job_id}/submit", true},
    {RouteId::status, "status", "", "/jobs/{job_id}/status", true},
    {RouteId::cancel, "cancel", "PUT", "/jobs/{job_id}/cancel", true},
    {RouteId::clean, "clean", "DELETE", "/jobs/{job_id}", true},
    {RouteId::healthz, "healthz", "GET", "/healthz", true},
    {RouteId::metrics, "metrics", "GET", "/metrics", false},
    {RouteId::api_jobs, "api_jobs", "GET", "/api/jobs", false},
    {RouteId::api_job, "api_job", "GET", "/api/jobs/{job_id}", false},
    {RouteId::api_job_audit, "api_job_audit", "GET", "/api/jobs/{job_id}/audit", false},
    {RouteId::api_usage, "api_usage", "GET", "/api/usage", false},
    {RouteId::api_usage_labs, "api_usage_labs", "GET", "/api/usage/labs", false},
    // The dataset area: a tus 1.0.0 endpoint (docs/gateway.md, "Dataset staging") and the datasets.
    {RouteId::tus_options, "tus_options", "OPTIONS", "/api/v1/uploads", false},
    {RouteId::tus_create, "tus_create", "POST", "/api/v1/uploads", false},
    {RouteId::tus_options, "tus_options", "OPTIONS", "/api/v1/uploads/{job_id}", false},
    {RouteId::tus_head, "tus_head", "HEAD", "/api/v1/uploads/{job_id}", false},
    {RouteId::tus_patch, "tus_patch", "PATCH", "/api/v1/uploads/{job_id}", false},
    {RouteId::tus_delete, "tus_delete", "DELETE", "/api/v1/uploads/{job_id}", false},
    {RouteId::datasets, "datasets", "GET", "/api/v1/datasets", false},
    {RouteId::dataset, "dataset", "GET", "/api/v1/datasets/{job_id}", false},
    {RouteId::dataset_delete, "dataset_delete", "DELETE", "/api/v1/datasets/{job_id}", false},
    {RouteId::dataset_content, "dataset_content", "GET", "/api/v1/datasets/{job_id}/content", false},
    // Signed expiring links (datasets/dataset_links.hpp): made with a token, read without one.
    {RouteId::dataset_link_create, "dataset_link_create", "POST", "/api/v1/datasets/{job_id}/links", false},
    {RouteId::link_content, "link_content", "GET", "/api/v1/links/{job_id}/{name}", false},
    {RouteId::link_content, "link_content", "GET", "/api/v1/links/{job_id}", false},
    // The browser staging page: every path under /stage/ is matched before this table (see
    // stage_page_route); the entry gives the route its name in /metrics.
    {RouteId::stage_page, "stage_page", "GET", "/stage/{job_id}", false},
}};

// Splits "/a/b/c" into {"a","b","c"}. A path not starting with '/' or with an empty segment
// ("//", trailing "/") yields an empty-string segment, which no pattern matches.
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.empty() || path.front() != '/') return {std::string_view{}};
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

bool method_matches(std::string_view wanted, std::string_view method) {
    if (wanted.empty() || wanted == method) return true;
    return wanted == "GET" && method == "HEAD";
}

// Matches segments against a pattern; on success stores the decoded {job_id}.
bool pattern_matches(std::string_view pattern, std::span<const std::string_view> segments, std::string& job_id) {
    const auto parts = split_path(pattern);
    if (parts.size() != segments.size()) return false;
    std::string id;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (segments[i].empty()) return false;
        if (parts[i] == "{name}") continue;  // any one segment, not kept (a link's file name)
        if (parts[i] == "{job_id}") {
            if (!percent_decode(segments[i], id, false)) id.assign(segments[i]);
        } else if (parts[i] != segments[i]) {
            return false;
        }
    }
    job_id = std::move(id);
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "/stage" (redirected to "stage/" by the handler), "/stage/" (index.html), "/stage/<name>".
RouteMatch stage_page_route(std::string_view path) {
    RouteMatch result;
    result.id = RouteId::stage_page;
    result.name = "stage_page";
    const std::string_view rest = path.size() > 7 ? path.substr(7) : std::string_view{};
    if (!percent_decode(rest, result.job_id, false)) result.job_id.assign(rest);
    if (path == "/stage/") result.job_id = "index.html";
    return result;
}

}  // namespace

std::span<const RouteSpec> route_table() { return k_routes; }

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return true;
}

RouteMatch match_route(std::string_view method, std::string_view path) {
    // Everything under /stage/ is the page's (any method, any depth): its handler answers 404 for
    // a name that is not one of its files and 405 for a method other than GET/HEAD, without a token.
    if (path == "/stage" || path.starts_with("/stage/")) return stage_page_route(path);
    auto segments = split_path(path);
    std::string manager = "_default_";
    std::span<const std::string_view> rest(segments);
    bool via_manager = false;
    if (segments.size() >= 3 && segments[0] == "managers" && !segments[1].empty()) {
        if (!percent_decode(segments[1], manager, false)) manager.assign(segments[1]);
        rest = rest.subspan(2);
        via_manager = true;
    }
    RouteMatch result;
    std::string job_id;
    for (const RouteSpec& route : k_routes) {
        if (via_manager && !route.pulsar) continue;
        if (!pattern_matches(route.pattern, rest, job_id)) continue;
        if (method_matches(route.method, method)) {
            result.id = route.id;
            result.name = route.name;
            result.job_id = std::move(job_id);
            result.manager = std::move(manager);
            result.allowed_methods.clear();
            return result;
        }
        result.id = RouteId::method_not_allowed;
        result.name = "method_not_allowed";
        result.allowed_methods.push_back(route.method);
        if (route.method == "GET") result.allowed_methods.push_back("HEAD");
    }
    return result;
}

}  // namespace plateau::gateway
