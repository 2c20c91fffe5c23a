// Client authentication: Pulsar's private_token (query string), or the same secret in an
// "Authorization: Bearer" or "X-Plateau-Token" header so that it stays out of access logs.
// Secrets are compared as SHA-256 digests in constant time against every configured token.
#pragma once

#include "gateway/config.hpp"

#include <span>
#include <string_view>

namespace plateau::gateway {

struct Identity {
    std::string name = "anonymous";
    std::string group;
};

// True when a and b are equal; the time taken depends only on the lengths.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

// Returns the identity whose secret is `presented`, or nullptr. Always checks every token.
[[nodiscard]] const TokenIdentity* find_token(std::span<const TokenIdentity> tokens, std::string_view presented);

// The token a request presents: the private_token query parameter, else a Bearer or
// X-Plateau-Token header (empty when there is none).
[[nodiscard]] std::string_view presented_token(const std::string* query_token, std::string_view authorization,
                                               std::string_view header_token);

}  // namespace plateau::gateway
