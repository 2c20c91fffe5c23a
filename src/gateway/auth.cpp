#include "gateway/auth.hpp"

namespace plateau::gateway {

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

const TokenIdentity* find_token(std::span<const TokenIdentity> tokens, std::string_view presented) {
    const std::string digest = token_digest(presented);
    const TokenIdentity* found = nullptr;
    for (const TokenIdentity& token : tokens)
        if (constant_time_equal(digest, token.secret_sha256) && found == nullptr) found = &token;
    return found;
}

std::string_view presented_token(const std::string* query_token, std::string_view authorization,
                                 std::string_view header_token) {
    if (query_token != nullptr) return *query_token;
    constexpr std::string_view bearer = "Bearer ";
    if (authorization.size() > bearer.size() && authorization.substr(0, bearer.size()) == bearer)
        return authorization.substr(bearer.size());
    return header_token;
}

}  // namespace plateau::gateway
