// The JSON error every refusal carries, {"error": message, "reason": word, "status": code},
// whether it comes from a handler or from the front end before any handler runs.
#pragma once

#include <string>
#include <string_view>

namespace plateau::gateway::http {

[[nodiscard]] std::string error_json(int status, std::string_view reason, std::string_view message);

// A whole response (status line, headers, JSON body) that closes the connection: what the
// front end sends for a request it refuses before routing it.
[[nodiscard]] std::string error_response(int status, std::string_view reason, std::string_view message);

}  // namespace plateau::gateway::http
