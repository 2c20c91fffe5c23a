// Poco's HTTPServerRequest interface over a parsed RequestHead and our body stream, so that
// the gateway's handlers run unchanged (and see request lines of megabytes, which Poco's own
// parser refuses past 16 KiB).
#pragma once

#include "gateway/http/body_stream.hpp"
#include "gateway/http/connection.hpp"
#include "gateway/http/request_head.hpp"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <istream>

namespace plateau::gateway::http {

class ServerRequest final : public Poco::Net::HTTPServerRequest {
public:
    ServerRequest(Connection& connection, const RequestHead& head, BodyFraming framing, Poco::Net::HTTPServerResponse& response,
                  const Poco::Net::HTTPServerParams& params, const IoTimeouts& timeouts);

    std::istream& stream() override { return m_stream; }
    const Poco::Net::SocketAddress& clientAddress() const override { return m_connection.peer(); }
    const Poco::Net::SocketAddress& serverAddress() const override { return m_connection.local(); }
    const Poco::Net::HTTPServerParams& serverParams() const override { return m_params; }
    Poco::Net::HTTPServerResponse& response() const override { return m_response; }
    bool secure() const override { return false; }

    [[nodiscard]] BodyStreamBuf& body() noexcept { return m_body; }

private:
    Connection& m_connection;
    Poco::Net::HTTPServerResponse& m_response;
    const Poco::Net::HTTPServerParams& m_params;
    BodyStreamBuf m_body;
    std::istream m_stream;
};

}  // namespace plateau::gateway::http
