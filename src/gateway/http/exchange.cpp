#include "gateway/http/exchange.hpp"

#include "core/log.hpp"
#include "gateway/http/error_response.hpp"
#include "gateway/http/server_request.hpp"
#include "gateway/http/server_response.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>

#include <memory>

namespace plateau::gateway::http {
namespace {

constexpr std::uint64_t k_drain_bytes = 1u << 20;  // an unread body already received up to this is dropped

void run_handler(ServerRequest& request, ServerResponse& response, const RequestHead& head, BodyFraming framing,
                 const ExchangeServices& services) {
    std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(services.factory.createRequestHandler(request));
    // The factory sets an error status for a request it already knows it will refuse (401,
    // 413): then no "100 Continue" goes out, and the client keeps its body.
    if (expects_continue(head) && framing.kind != BodyFraming::Kind::none && head.minor_version == 1 &&
        response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
        response.sendContinue();
    handler->handleRequest(request, response);
}

void answer_internal_error(ServerResponse& response, const std::string& message) {
    if (response.sent()) return;
    const std::string body = error_json(500, "internal_error", message);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
    response.setContentType("application/json");
    response.setKeepAlive(false);
    response.sendBuffer(body.data(), body.size());
}

}  // namespace

bool serve_exchange(Connection& connection, const RequestHead& head, BodyFraming framing, bool keep_alive_allowed,
                    const ExchangeServices& services) {
    ServerResponse response(connection, head.method == "HEAD", services.timeouts.send);
    response.setVersion(head.minor_version == 0 ? Poco::Net::HTTPMessage::HTTP_1_0 : Poco::Net::HTTPMessage::HTTP_1_1);
    response.setKeepAlive(keep_alive_allowed && client_keeps_alive(head));
    ServerRequest request(connection, head, framing, response, services.params, services.timeouts);
    try {
        run_handler(request, response, head, framing, services);
        // Handlers answer every request; one that did not is a bug, and gets a 500.
        answer_internal_error(response, "the request handler sent no response");
    } catch (const Poco::Exception& e) {
        core::log_error("gateway", "request handler: " + e.displayText());
        try { answer_internal_error(response, e.displayText()); } catch (...) {}
    } catch (const std::exception& e) {
        core::log_error("gateway", std::string("request handler: ") + e.what());
        try { answer_internal_error(response, e.what()); } catch (...) {}
    } catch (...) {
        core::log_error("gateway", "request handler: unknown exception");
        try { answer_internal_error(response, "unknown error"); } catch (...) {}
    }
    if (!response.finish() || !response.getKeepAlive()) return false;
    // The rest of an unread body is dropped only if it is already here: a worker never waits
    // for it (the connection closes instead, and the reactor drops what still comes).
    return request.body().at_end() || request.body().drain(k_drain_bytes, Clock::now());
}

}  // namespace plateau::gateway::http
