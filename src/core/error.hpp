// plateau::Error — the one exception type library code throws for failures that abort a run.
#pragma once

#include <stdexcept>
#include <string>

namespace plateau {

enum class ErrorCode { InvalidInput, Io, Unsupported, ResourceExhausted, Internal };

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    [[nodiscard]] ErrorCode code() const noexcept { return m_code; }

private:
    ErrorCode m_code;
};

// Shorthands that keep throw sites on one line.
[[noreturn]] inline void throw_input_error(const std::string& message) { throw Error(ErrorCode::InvalidInput, message); }
[[noreturn]] inline void throw_io_error(const std::string& message) { throw Error(ErrorCode::Io, message); }

}  // namespace plateau
