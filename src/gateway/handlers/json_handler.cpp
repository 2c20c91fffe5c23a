#include "gateway/handlers/json_handler.hpp"

#include "core/log.hpp"
#include "gateway/config.hpp"
#include "gateway/http/error_response.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/job_service.hpp"
#include "gateway/metrics.hpp"

#include <Poco/Exception.h>

#include <chrono>

namespace plateau::gateway {
namespace {

void send_error(Poco::Net::HTTPServerResponse& response, int status, const std::string& reason,
                const std::string& message) {
    if (status == 401) response.set("WWW-Authenticate", "Bearer");
    if (status == 460) response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status), "Checksum Mismatch");
    else response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    const std::string text = http::error_json(status, reason, message);
    response.setContentLength64(static_cast<Poco::Int64>(text.size()));
    response.sendBuffer(text.data(), text.size());
}

bool has_body(const Poco::Net::HTTPServerRequest& request) {
    return request.getChunkedTransferEncoding() || (request.hasContentLength() && request.getContentLength64() > 0);
}

}  // namespace

void JsonHandler::send_body(Poco::Net::HTTPServerResponse& response, int status, const std::string& content_type,
                            const std::string& body) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(content_type);
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    response.sendBuffer(body.data(), body.size());
}

void JsonHandler::send_json(Poco::Net::HTTPServerResponse& response, const nlohmann::json& body, int status) {
    send_body(response, status, "application/json", dump_json(body));
}

void JsonHandler::send_json_text(Poco::Net::HTTPServerResponse& response, const std::string& body, int status) {
    send_body(response, status, "application/json", body);
}

void JsonHandler::send_ok(Poco::Net::HTTPServerResponse& response) { send_body(response, 200, "text/plain", "OK"); }

int JsonHandler::early_status(const Poco::Net::HTTPServerRequest& request, const GatewayServices& services,
                              const RouteMatch& route) {
    try {
        const auto query = QueryParams::parse(split_uri(request.getURI()).query);
        if (!services.config.tokens.empty() && route.id != RouteId::link_content) {
            const std::string_view presented = presented_token(query.find("private_token"), request.get("Authorization", ""),
                                                               request.get("X-Plateau-Token", ""));
            if (presented.empty() || find_token(services.config.tokens, presented) == nullptr) return 401;
        }
        if (route.id == RouteId::upload && services.config.max_upload_bytes > 0 && request.hasContentLength() &&
            static_cast<std::uint64_t>(request.getContentLength64()) > services.config.max_upload_bytes)
            return 413;
    } catch (const std::exception&) {
        return 400;
    }
    return 0;
}

void JsonHandler::fail(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                       const RequestContext& context, int status, const std::string& reason, const std::string& message) {
    try {
        if (response.sent()) return;  // a streamed body had started; the client sees a short transfer
        // A body the handler did not read would be taken for the next request: the connection
        // ends after the answer. The front end then reads and drops what the client still sends
        // (so it reads the answer, not a reset) without holding a worker: waiting here for the
        // body of a refused request would let clients without a token tie up every worker.
        if (has_body(request) && !context.body_consumed) response.setKeepAlive(false);
        send_error(response, status, reason, message);
    } catch (const std::exception& e) {
        // The client went away while we answered; nothing more can be done for it.
        core::log_debug("gateway", std::string("could not send the error response: ") + e.what());
    } catch (...) {
    }
}

void JsonHandler::authenticate(const Poco::Net::HTTPServerRequest& request, RequestContext& context) const {
    const GatewayConfig& config = m_services.config;
    if (config.tokens.empty()) return;  // allow_anonymous
    if (m_route.id == RouteId::tus_options) return;  // tus discovery (and CORS preflight) carries no credentials
    if (m_route.id == RouteId::link_content) return;  // a signed link is its own credential (for one dataset)
    if (m_route.id == RouteId::stage_page) return;   // the page's static files; its API calls carry the token
    const std::string_view presented =
        presented_token(context.query.find("private_token"), request.get("Authorization", ""),
                        request.get("X-Plateau-Token", ""));
    const TokenIdentity* token = presented.empty() ? nullptr : find_token(config.tokens, presented);
    if (token == nullptr) throw_http(401, "unauthorized", "missing or wrong private_token");
    context.identity.name = token->name;
    context.identity.group = token->group;
}

void JsonHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const auto started = std::chrono::steady_clock::now();
    int status = 200;
    RequestContext context{m_route, {}, {}};
    try {
        context.query = QueryParams::parse(split_uri(request.getURI()).query);
        authenticate(request, context);
        handle(request, response, context);
        status = static_cast<int>(response.getStatus());
    } catch (const HttpError& e) {
        status = e.status();
        fail(request, response, context, status, e.reason(), e.what());
    } catch (const Error& e) {
        status = http_status(e.code());
        if (status >= 500) core::log_error("gateway", std::string(m_route.name) + ": " + e.what());
        fail(request, response, context, status, error_reason(e.code()), e.what());
    } catch (const Poco::SyntaxException& e) {
        status = 400;
        fail(request, response, context, status, "malformed_request", e.displayText());
    } catch (const Poco::Exception& e) {
        status = 500;
        core::log_error("gateway", std::string(m_route.name) + ": " + e.displayText());
        fail(request, response, context, status, "internal_error", e.displayText());
    } catch (const std::exception& e) {
        status = 500;
        core::log_error("gateway", std::string(m_route.name) + ": " + e.what());
        fail(request, response, context, status, "internal_error", e.what());
    } catch (...) {
        status = 500;
        fail(request, response, context, status, "internal_error", "unknown error");
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    m_services.metrics.record_request(m_route.id, status, seconds);
}

}  // namespace plateau::gateway
