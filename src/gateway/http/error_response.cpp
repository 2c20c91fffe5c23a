#include "gateway/http/error_response.hpp"

#include <Poco/Net/HTTPResponse.h>

#include <nlohmann/json.hpp>

namespace plateau::gateway::http {

std::string error_json(int status, std::string_view reason, std::string_view message) {
    const nlohmann::json body = {{"error", message}, {"reason", reason}, {"status", status}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_response(int status, std::string_view reason, std::string_view message) {
    const std::string body = error_json(status, reason, message);
    const std::string phrase = Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + phrase + "\r\n";
    out += "Content-Type: application/json\r\nConnection: close\r\n";
    if (status == 503) out += "Retry-After: 1\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

}  // namespace plateau::gateway::http
