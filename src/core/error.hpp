// plateau::Error — the one exception type library code throws for failures that abort a run.
#pragma once

#include <stdexcept>
#include <string>

namespace plateau {

// Usage: the options or parameters a user gave are invalid (a tool exits 2, the gateway answers 400).
// InvalidInput: the data is malformed (a bad FASTQ record, a truncated file; exit 1, HTTP 400).
// The others are runtime failures (exit 1; HTTP 500, 501 or 503).
enum class ErrorCode { InvalidInput, Io, Unsupported, ResourceExhausted, Internal, Usage };

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    [[nodiscard]] ErrorCode code() const noexcept { return m_code; }

private:
    ErrorCode m_code;
};

// Shorthands that keep throw sites on one line.
[[noreturn]] inline void throw_input_error(const std::string& message) { throw Error(ErrorCode::InvalidInput, message); }
[[noreturn]] inline void throw_usage_error(const std::string& message) { throw Error(ErrorCode::Usage, message); }
[[noreturn]] inline void throw_io_error(const std::string& message) { throw Error(ErrorCode::Io, message); }

}  // namespace plateau
