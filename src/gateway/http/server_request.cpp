#include "gateway/http/server_request.hpp"

namespace plateau::gateway::http {

ServerRequest::ServerRequest(Connection& connection, const RequestHead& head, BodyFraming framing,
                             Poco::Net::HTTPServerResponse& response, const Poco::Net::HTTPServerParams& params,
                             const IoTimeouts& timeouts)
    : m_connection(connection), m_response(response), m_params(params), m_body(connection, framing, timeouts),
      m_stream(&m_body) {
    // Errors in the body (cut off, malformed chunk, too slow) must reach the reader as exceptions.
    m_stream.exceptions(std::ios::badbit);
    setMethod(head.method);
    setURI(head.target);
    setVersion(head.minor_version == 0 ? HTTP_1_0 : HTTP_1_1);
    for (const auto& [name, value] : head.fields) add(name, value);
    // One Content-Length, as framed (the head may repeat an identical value: "5, 5").
    erase("Content-Length");
    if (framing.kind == BodyFraming::Kind::length) setContentLength64(static_cast<Poco::Int64>(framing.length));
}

}  // namespace plateau::gateway::http
