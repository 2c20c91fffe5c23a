// One request served on a worker thread: the handler the factory picks (a Poco
// HTTPRequestHandler) reads the body through ServerRequest and answers through ServerResponse.
// Decides whether the connection may serve another request.
#pragma once

#include "gateway/http/connection.hpp"
#include "gateway/http/request_head.hpp"
#include "gateway/http/server_limits.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>

namespace plateau::gateway::http {

struct ExchangeServices {
    Poco::Net::HTTPRequestHandlerFactory& factory;
    const Poco::Net::HTTPServerParams& params;
    const IoTimeouts& timeouts;
};

// True when the response went out whole, the body was read to its end and both sides want to
// keep the connection (`keep_alive_allowed` is false while the server stops).
[[nodiscard]] bool serve_exchange(Connection& connection, const RequestHead& head, BodyFraming framing,
                                  bool keep_alive_allowed, const ExchangeServices& services);

}  // namespace plateau::gateway::http
