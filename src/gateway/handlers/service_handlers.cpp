// /healthz, /metrics, and the explicit answers for unknown routes (404) and wrong methods (405).
#include "core/version.hpp"
#include "gateway/config.hpp"
#include "gateway/handlers/handlers.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/job_service.hpp"
#include "gateway/metrics.hpp"

namespace plateau::gateway {

void HealthzHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                            RequestContext&) {
    send_json(response, {{"version", services().config.pulsar_version},
                         {"gateway_version", k_version},
                         {"executor", services().jobs.executor().name()},
                         {"status", "ok"}});
}

void MetricsHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response, RequestContext&) {
    const std::string body = services().metrics.render(services().jobs.store().count_active_by_state(),
                                                       services().jobs.executor().name());
    send_body(response, 200, "text/plain; version=0.0.4; charset=utf-8", body);
}

void NotFoundHandler::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse&, RequestContext&) {
    throw_http(404, "not_found", "no route for " + request.getMethod() + " " + std::string(split_uri(request.getURI()).path));
}

void MethodNotAllowedHandler::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                                     RequestContext& context) {
    std::string allow;
    for (const auto method : context.route.allowed_methods) {
        if (!allow.empty()) allow += ", ";
        allow += method;
    }
    response.set("Allow", allow);
    throw_http(405, "method_not_allowed", request.getMethod() + " is not allowed here; use " + allow);
}

}  // namespace plateau::gateway
