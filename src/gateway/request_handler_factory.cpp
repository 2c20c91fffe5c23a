#include "gateway/request_handler_factory.hpp"

#include "gateway/handlers/handlers.hpp"
#include "gateway/query.hpp"

#include <Poco/Net/HTTPServerResponse.h>

namespace plateau::gateway {

Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest& request) {
    // X-HTTP-Method-Override: tus clients behind proxies that drop PATCH send POST with it.
    std::string method = request.getMethod();
    if (method == "POST" && request.has("X-HTTP-Method-Override")) method = request.get("X-HTTP-Method-Override");
    RouteMatch route = match_route(method, split_uri(request.getURI()).path);
    GatewayServices& s = m_services;
    if (request.getExpectContinue()) {
        // The front end answers "100 Continue" after this returns, unless the response is already an error.
        if (const int status = JsonHandler::early_status(request, s, route); status != 0)
            request.response().setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    }
    // Ownership passes to Poco, which deletes the handler after the request.
    switch (route.id) {
    case RouteId::setup: return new SetupHandler(s, std::move(route));
    case RouteId::upload: return new UploadHandler(s, std::move(route));
    case RouteId::download: return new DownloadHandler(s, std::move(route));
    case RouteId::file_path: return new FilePathHandler(s, std::move(route));
    case RouteId::submit: return new SubmitHandler(s, std::move(route));
    case RouteId::status: return new StatusHandler(s, std::move(route));
    case RouteId::cancel: return new CancelHandler(s, std::move(route));
    case RouteId::clean: return new CleanHandler(s, std::move(route));
    case RouteId::healthz: return new HealthzHandler(s, std::move(route));
    case RouteId::metrics: return new MetricsHandler(s, std::move(route));
    case RouteId::api_jobs: return new ApiJobsHandler(s, std::move(route));
    case RouteId::api_job: return new ApiJobHandler(s, std::move(route));
    case RouteId::api_job_audit: return new ApiJobAuditHandler(s, std::move(route));
    case RouteId::api_usage: return new ApiUsageHandler(s, std::move(route));
    case RouteId::api_usage_labs: return new ApiUsageLabsHandler(s, std::move(route));
    case RouteId::tus_options: return new TusOptionsHandler(s, std::move(route));
    case RouteId::tus_create: return new TusCreateHandler(s, std::move(route));
    case RouteId::tus_head: return new TusHeadHandler(s, std::move(route));
    case RouteId::tus_patch: return new TusPatchHandler(s, std::move(route));
    case RouteId::tus_delete: return new TusDeleteHandler(s, std::move(route));
    case RouteId::datasets: return new DatasetsHandler(s, std::move(route));
    case RouteId::dataset: return new DatasetHandler(s, std::move(route));
    case RouteId::dataset_delete: return new DatasetDeleteHandler(s, std::move(route));
    case RouteId::dataset_content: return new DatasetContentHandler(s, std::move(route));
    case RouteId::dataset_link_create: return new DatasetLinkCreateHandler(s, std::move(route));
    case RouteId::link_content: return new LinkContentHandler(s, std::move(route));
    case RouteId::stage_page: return new StagePageHandler(s, std::move(route));
    case RouteId::method_not_allowed: return new MethodNotAllowedHandler(s, std::move(route));
    case RouteId::not_found: break;
    }
    return new NotFoundHandler(s, std::move(route));
}

}  // namespace plateau::gateway
