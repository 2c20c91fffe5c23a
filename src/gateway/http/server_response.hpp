// Poco's HTTPServerResponse interface over our connection, so that the gateway's handlers
// (Poco HTTPRequestHandlers) run unchanged on the front end. The head is serialised by Poco's
// HTTPResponse; framing, Date and Connection are decided here.
#pragma once

#include "gateway/http/response_stream.hpp"

#include <Poco/Net/HTTPServerResponse.h>

#include <ostream>

namespace plateau::gateway::http {

class ServerResponse final : public Poco::Net::HTTPServerResponse {
public:
    ServerResponse(const Connection& connection, bool head_request, std::chrono::seconds send_timeout);

    void sendContinue() override;
    std::ostream& send() override;
    void sendFile(const std::string& path, const std::string& media_type) override;
    void sendBuffer(const void* buffer, std::size_t length) override;
    void redirect(const std::string& uri, HTTPStatus status) override;
    void requireAuthentication(const std::string& realm) override;
    [[nodiscard]] bool sent() const override { return m_sent; }

    // Ends the body. False when the response could not be sent whole (the connection must close).
    [[nodiscard]] bool finish() noexcept;

private:
    const Connection& m_connection;
    bool m_head_request;
    std::chrono::seconds m_send_timeout;
    ResponseStreamBuf m_body;
    std::ostream m_stream;
    bool m_sent = false;
};

}  // namespace plateau::gateway::http
