#include "gateway/http/server_response.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>

#include <fstream>
#include <sstream>

namespace plateau::gateway::http {

ServerResponse::ServerResponse(const Connection& connection, bool head_request, std::chrono::seconds send_timeout)
    : m_connection(connection), m_head_request(head_request), m_send_timeout(send_timeout),
      m_body(connection, send_timeout), m_stream(&m_body) {}

void ServerResponse::sendContinue() {
    m_connection.send_before("HTTP/1.1 100 Continue\r\n\r\n", Clock::now() + m_send_timeout);
}

std::ostream& ServerResponse::send() {
    if (m_sent) throw Poco::IllegalStateException("the response has already been sent");
    m_sent = true;
    using Framing = ResponseStreamBuf::Framing;
    Framing framing = Framing::close;
    const int status = static_cast<int>(getStatus());
    const bool no_body = status == 204 || status == 304 || (status >= 100 && status < 200);
    if (getChunkedTransferEncoding() && getVersion() == HTTP_1_1) {
        framing = Framing::chunked;
    } else if (hasContentLength() || no_body) {
        framing = Framing::length;
        if (no_body) erase("Content-Length");
    } else {
        setKeepAlive(false);  // the body ends when the connection does
    }
    if (m_head_request || no_body) framing = Framing::discard;
    if (!has("Date")) set("Date", Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT));
    std::ostringstream head;
    write(head);
    const auto length = hasContentLength() ? static_cast<std::uint64_t>(getContentLength64()) : 0;
    m_body.begin(head.str(), framing, length);
    return m_stream;
}

void ServerResponse::sendBuffer(const void* buffer, std::size_t length) {
    setContentLength64(static_cast<Poco::Int64>(length));
    setChunkedTransferEncoding(false);
    send();
    m_body.send_whole(std::string_view(static_cast<const char*>(buffer), length));
}

void ServerResponse::sendFile(const std::string& path, const std::string& media_type) {
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file) throw Poco::FileNotFoundException(path);
    setContentLength64(static_cast<Poco::Int64>(file.tellg()));
    setContentType(media_type);
    file.seekg(0);
    std::ostream& out = send();
    out << file.rdbuf();
    out.flush();
}

void ServerResponse::redirect(const std::string& uri, HTTPStatus status) {
    setStatusAndReason(status);
    set("Location", uri);
    setContentLength(0);
    send().flush();
}

void ServerResponse::requireAuthentication(const std::string& realm) {
    setStatusAndReason(HTTP_UNAUTHORIZED);
    set("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
    setContentLength(0);
    send().flush();
}

bool ServerResponse::finish() noexcept {
    if (!m_sent) return false;
    return m_body.finish();
}

}  // namespace plateau::gateway::http
