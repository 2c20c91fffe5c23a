// GET/HEAD /stage/<file> (any other method: 405): the browser staging page's files, compiled into the gateway
// (stage_assets.hpp). No token is needed for the files themselves (the page asks for one and
// sends it with every API call). Every answer carries a strict Content-Security-Policy (scripts
// and styles from this origin only, no inline code), nosniff, and an ETag with
// `Cache-Control: no-cache`, so a browser revalidates (304) and never runs a stale page after an
// upgrade of the gateway.
#include "gateway/handlers/handlers.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/stage_assets.hpp"

#include <algorithm>

namespace plateau::gateway {
namespace {

constexpr const char* k_content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

void set_page_headers(Poco::Net::HTTPServerResponse& response) {
    response.set("Content-Security-Policy", k_content_security_policy);
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cross-Origin-Opener-Policy", "same-origin");
}

// If-None-Match lists ETags ("a", "b") or is "*".
bool etag_matches(const std::string& if_none_match, std::string_view etag) {
    if (if_none_match.empty()) return false;
    if (if_none_match == "*") return true;
    std::string_view rest = if_none_match;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view one = rest.substr(0, comma);
        while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
        while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
        if (one.starts_with("W/")) one.remove_prefix(2);
        if (one == etag) return true;
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return false;
}

}  // namespace

const StageAsset* find_stage_asset(std::string_view name) {
    if (name.empty()) name = "index.html";
    const auto assets = stage_assets();
    const auto it = std::find_if(assets.begin(), assets.end(), [&](const StageAsset& a) { return a.name == name; });
    return it == assets.end() ? nullptr : &*it;
}

void StagePageHandler::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                              RequestContext& context) {
    set_page_headers(response);
    const std::string& method = request.getMethod();
    if (method != Poco::Net::HTTPRequest::HTTP_GET && method != Poco::Net::HTTPRequest::HTTP_HEAD) {
        response.set("Allow", "GET, HEAD");
        throw_http(405, "method_not_allowed", method + " is not allowed here; use GET, HEAD");
    }
    if (split_uri(request.getURI()).path == "/stage") {
        // Relative, so that it also works behind a proxy that serves the gateway under a prefix.
        response.set("Location", "stage/");
        send_body(response, 301, "text/plain; charset=utf-8", "the staging page is at stage/\n");
        return;
    }
    const StageAsset* asset = find_stage_asset(context.route.job_id);
    if (asset == nullptr) throw_http(404, "not_found", "the staging page has no file '" + context.route.job_id.substr(0, 200) + "'");
    response.set("ETag", std::string(asset->etag));
    response.set("Cache-Control", "no-cache");
    if (etag_matches(request.get("If-None-Match", ""), asset->etag)) {
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
        response.setContentLength(0);
        response.send().flush();
        return;
    }
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType(std::string(asset->content_type));
    response.setContentLength64(static_cast<Poco::Int64>(asset->body.size()));
    if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) {
        response.send().flush();
        return;
    }
    response.sendBuffer(asset->body.data(), asset->body.size());
}

}  // namespace plateau::gateway
