#include "gateway/http_errors.hpp"

namespace plateau::gateway {

int http_status(ErrorCode code) {
    switch (code) {
    case ErrorCode::Usage:
    case ErrorCode::InvalidInput: return 400;
    case ErrorCode::Unsupported: return 501;
    case ErrorCode::ResourceExhausted: return 503;
    case ErrorCode::Io:
    case ErrorCode::Internal: return 500;
    }
    return 500;
}

const char* error_reason(ErrorCode code) {
    switch (code) {
    case ErrorCode::Usage:
    case ErrorCode::InvalidInput: return "invalid_input";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::ResourceExhausted: return "resource_exhausted";
    case ErrorCode::Io: return "io_error";
    case ErrorCode::Internal: return "internal_error";
    }
    return "internal_error";
}

}  // namespace plateau::gateway
