// The one base of every request handler. handleRequest() parses the query string,
// authenticates, calls handle(), and turns every exception into a JSON error response with the
// right status (HttpError's own, plateau::ErrorCode through http_status(), 500 otherwise), so
// no exception ever escapes into the front end.
#pragma once

#include "gateway/auth.hpp"
#include "gateway/query.hpp"
#include "gateway/router.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <nlohmann/json.hpp>

namespace plateau::gateway {

class Database;
class JobService;
class Metrics;
class UploadService;
struct GatewayConfig;

// Shared services, owned by the server application and passed to every handler.
struct GatewayServices {
    const GatewayConfig& config;
    JobService& jobs;
    Metrics& metrics;
    Database& db;
    UploadService& uploads;
};

struct RequestContext {
    RouteMatch route;
    QueryParams query;
    Identity identity;
    bool body_consumed = false;  // set by handlers that read the whole request body
};

class JsonHandler : public Poco::Net::HTTPRequestHandler {
public:
    JsonHandler(GatewayServices& services, RouteMatch route) : m_services(services), m_route(std::move(route)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) final;

    // For a request sent with "Expect: 100-continue": the error status it will get (401 for a
    // wrong token, 413 for an upload over the limit), or 0. The factory sets it on the response
    // before Poco answers, so that Poco sends no "100 Continue" and the client keeps its body.
    [[nodiscard]] static int early_status(const Poco::Net::HTTPServerRequest& request, const GatewayServices& services,
                                          const RouteMatch& route);

protected:
    virtual void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                        RequestContext& context) = 0;
    [[nodiscard]] GatewayServices& services() { return m_services; }

    static void send_body(Poco::Net::HTTPServerResponse& response, int status, const std::string& content_type,
                          const std::string& body);
    static void send_json(Poco::Net::HTTPServerResponse& response, const nlohmann::json& body, int status = 200);
    static void send_json_text(Poco::Net::HTTPServerResponse& response, const std::string& body, int status = 200);
    // Pulsar's default response: the literal body "OK".
    static void send_ok(Poco::Net::HTTPServerResponse& response);

private:
    void authenticate(const Poco::Net::HTTPServerRequest& request, RequestContext& context) const;
    void fail(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
              const RequestContext& context, int status, const std::string& reason, const std::string& message);
    GatewayServices& m_services;
    RouteMatch m_route;
};

}  // namespace plateau::gateway
