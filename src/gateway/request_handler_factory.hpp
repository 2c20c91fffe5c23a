// Routes each request through the route table to its handler. Never returns nullptr (Poco would
// answer 501): unknown paths get NotFoundHandler, wrong methods MethodNotAllowedHandler.
#pragma once

#include "gateway/handlers/json_handler.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace plateau::gateway {

class RequestHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RequestHandlerFactory(GatewayServices& services) : m_services(services) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    GatewayServices& m_services;
};

}  // namespace plateau::gateway
