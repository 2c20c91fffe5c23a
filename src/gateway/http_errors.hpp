// Errors that carry an HTTP status, and the one mapping from plateau::ErrorCode to a status
// (the ClickHouse exceptionCodeToHTTPStatus pattern): JsonHandler is the only place that
// turns exceptions into responses.
#pragma once

#include "core/error.hpp"

#include <string>

namespace plateau::gateway {

class HttpError : public plateau::Error {
public:
    // reason: a short machine-readable word ("unauthorized", "path_rejected", ...).
    HttpError(int status, std::string reason, const std::string& message)
        : plateau::Error(code_for(status), message), m_status(status), m_reason(std::move(reason)) {}
    [[nodiscard]] int status() const noexcept { return m_status; }
    [[nodiscard]] const std::string& reason() const noexcept { return m_reason; }

private:
    static ErrorCode code_for(int status) {
        if (status == 413) return ErrorCode::ResourceExhausted;
        return status >= 500 ? ErrorCode::Internal : ErrorCode::InvalidInput;
    }
    int m_status;
    std::string m_reason;
};

[[noreturn]] inline void throw_http(int status, std::string reason, const std::string& message) {
    throw HttpError(status, std::move(reason), message);
}

[[nodiscard]] int http_status(ErrorCode code);
[[nodiscard]] const char* error_reason(ErrorCode code);

}  // namespace plateau::gateway
