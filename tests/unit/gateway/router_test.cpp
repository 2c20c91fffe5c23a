#include "gateway/router.hpp"

#include <catch2/catch.hpp>

using plateau::gateway::match_route;
using plateau::gateway::RouteId;

#define TEST_GROUP "[gateway][router]"

TEST_CASE("router: every Pulsar route with its method", TEST_GROUP) {
    using Row = std::tuple<std::string, std::string, RouteId, std::string>;
    const auto [method, path, id, job] = GENERATE(table<std::string, std::string, RouteId, std::string>({
        Row{"POST", "/jobs", RouteId::setup, ""},
        Row{"POST", "/jobs/42/files", RouteId::upload, "42"},
        Row{"GET", "/jobs/42/files", RouteId::download, "42"},
        Row{"HEAD", "/jobs/42/files", RouteId::download, "42"},
        Row{"GET", "/jobs/42/files/path", RouteId::file_path, "42"},
        Row{"POST", "/jobs/42/submit", RouteId::submit, "42"},
        Row{"GET", "/jobs/42/status", RouteId::status, "42"},
        Row{"POST", "/jobs/42/status", RouteId::status, "42"},
        Row{"PATCH", "/jobs/42/status", RouteId::status, "42"},
        Row{"PUT", "/jobs/42/cancel", RouteId::cancel, "42"},
        Row{"DELETE", "/jobs/42", RouteId::clean, "42"},
        Row{"GET", "/healthz", RouteId::healthz, ""},
        Row{"GET", "/metrics", RouteId::metrics, ""},
        Row{"GET", "/api/jobs", RouteId::api_jobs, ""},
        Row{"GET", "/api/jobs/7_1", RouteId::api_job, "7_1"},
        Row{"GET", "/api/jobs/7/audit", RouteId::api_job_audit, "7"},
        Row{"GET", "/api/usage", RouteId::api_usage, ""},
        Row{"GET", "/api/usage/labs", RouteId::api_usage_labs, ""},
    }));
    CAPTURE(method, path);
    const auto m = match_route(method, path);
    CHECK(m.id == id);
    CHECK(m.job_id == job);
    CHECK(m.manager == "_default_");
}

TEST_CASE("router: /managers/{name}/ aliases every Pulsar route but not the gateway's own", TEST_GROUP) {
    auto m = match_route("GET", "/managers/big_mem/jobs/9/status");
    CHECK(m.id == RouteId::status);
    CHECK(m.job_id == "9");
    CHECK(m.manager == "big_mem");
    CHECK(match_route("POST", "/managers/_default_/jobs").id == RouteId::setup);
    CHECK(match_route("GET", "/managers/x/healthz").id == RouteId::healthz);
    CHECK(match_route("GET", "/managers/x/metrics").id == RouteId::not_found);
    CHECK(match_route("GET", "/managers/x/api/jobs").id == RouteId::not_found);
    CHECK(match_route("GET", "/managers/jobs/1/status").id == RouteId::not_found);  // name segment missing
}

TEST_CASE("router: wrong method is 405 with the allowed methods, unknown path is 404", TEST_GROUP) {
    auto m = match_route("GET", "/jobs");
    CHECK(m.id == RouteId::method_not_allowed);
    CHECK(m.allowed_methods == std::vector<std::string_view>{"POST"});
    m = match_route("PUT", "/jobs/1/files");
    CHECK(m.id == RouteId::method_not_allowed);
    CHECK(m.allowed_methods == std::vector<std::string_view>{"POST", "GET", "HEAD"});
    for (const char* path : {"/", "", "/jobs/", "/jobs//status", "/jobs/1/status/", "/jobsx", "/jobs/1/2/status",
                             "jobs/1/status", "/healthz/"}) {
        CAPTURE(path);
        CHECK(match_route("GET", path).id == RouteId::not_found);
    }
}

TEST_CASE("router: job id segments are percent-decoded", TEST_GROUP) {
    CHECK(match_route("GET", "/jobs/a%2Fb/status").job_id == "a/b");  // refused later by validate_job_id
    CHECK(match_route("GET", "/jobs/%41/status").job_id == "A");
    CHECK(match_route("GET", "/jobs/%zz/status").job_id == "%zz");  // malformed escapes stay literal
}

TEST_CASE("percent_decode: plus as space only in queries, malformed escapes rejected", TEST_GROUP) {
    std::string out;
    CHECK(plateau::gateway::percent_decode("a+b%20c", out, true));
    CHECK(out == "a b c");
    CHECK(plateau::gateway::percent_decode("a+b", out, false));
    CHECK(out == "a+b");
    CHECK_FALSE(plateau::gateway::percent_decode("%4", out, true));
    CHECK_FALSE(plateau::gateway::percent_decode("%g0", out, true));
    CHECK_FALSE(plateau::gateway::percent_decode("abc%", out, true));
}

TEST_CASE("router: the staging page is everything under /stage/; /stage and /stage/ are its index", TEST_GROUP) {
    auto m = match_route("GET", "/stage/stage.js");
    CHECK(m.id == RouteId::stage_page);
    CHECK(m.job_id == "stage.js");
    CHECK(match_route("HEAD", "/stage/").job_id == "index.html");
    CHECK(match_route("GET", "/stage").id == RouteId::stage_page);  // the handler redirects it to stage/
    CHECK(match_route("GET", "/stage/%2e%2e").job_id == "..");      // not a file name: 404 in the handler
    // Under /stage/ every method and depth reaches the page's handler (405, 404 there, no token asked).
    CHECK(match_route("POST", "/stage/").id == RouteId::stage_page);
    CHECK(match_route("GET", "/stage/a/b.js").job_id == "a/b.js");
    CHECK(match_route("GET", "/stage/..%2f..%2fetc%2fpasswd").job_id == "../../etc/passwd");
    CHECK(match_route("GET", "/stage//x").job_id == "/x");
    for (const char* path : {"/stagex", "/stag", "/managers/m/stage/index.html", "/api/stage/"}) {
        CAPTURE(path);
        CHECK(match_route("GET", path).id == RouteId::not_found);
    }
}
