// The route table as data: Pulsar's job routes (each also under /managers/{name}/), /healthz,
// the gateway's own /metrics and /api/... routes, and the browser staging page under /stage/. match() is pure, so the whole table is
// unit-tested without a server.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway {

enum class RouteId {
    setup, upload, download, file_path, submit, status, cancel, clean, healthz,
    metrics, api_jobs, api_job, api_job_audit, api_usage, api_usage_labs,
    tus_options, tus_create, tus_head, tus_patch, tus_delete, datasets, dataset, dataset_delete, dataset_content,
    dataset_link_create, link_content,
    stage_page,
    not_found, method_not_allowed,
};

struct RouteSpec {
    RouteId id;
    std::string_view name;     // Pulsar's command name where there is one (metrics label)
    std::string_view method;   // empty: any method (Pulsar's status route)
    std::string_view pattern;  // "/jobs/{job_id}/files"; {job_id} (kept) and {name} match one non-empty segment
    bool pulsar;               // registered again under /managers/{manager}/
};

struct RouteMatch {
    RouteId id = RouteId::not_found;
    std::string_view name = "not_found";
    std::string job_id;                  // percent-decoded {job_id} segment, if the route has one
    std::string manager = "_default_";   // from /managers/{manager}/...
    std::vector<std::string_view> allowed_methods;  // for method_not_allowed (the Allow header)
};

[[nodiscard]] std::span<const RouteSpec> route_table();

// path is the raw request path without the query string. HEAD matches GET routes.
[[nodiscard]] RouteMatch match_route(std::string_view method, std::string_view path);

// "%41+b" -> "A b" when plus_is_space. Returns false on a malformed escape.
[[nodiscard]] bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

}  // namespace plateau::gateway
