// The head of an HTTP/1.x request (request line and header fields), parsed strictly by our own
// code (RFC 9112 §3 and §5) rather than Poco's, so that request lines of megabytes (Galaxy's
// Pulsar client puts a whole submit into the query string) are read, and every malformed or
// ambiguous head becomes an HttpError (400, 414, 431, 501) that is answered with a JSON body.
// Free of I/O: unit-tested in tests/unit/gateway/http/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plateau::gateway::http {

struct HeadLimits {
    std::size_t max_request_line = 4u << 20;  // bytes, CRLF excluded
    std::size_t max_field_line = 64u << 10;   // one header field line
    std::size_t max_fields_bytes = 256u << 10;  // all header field lines together
    std::size_t max_fields = 256;
};

struct RequestHead {
    std::string method;
    std::string target;   // request-target as sent (origin-form or absolute-form)
    int minor_version = 1;  // HTTP/1.<minor>
    std::vector<std::pair<std::string, std::string>> fields;  // name as sent, value trimmed

    // All values of a field, case-insensitively by name, in order.
    [[nodiscard]] std::vector<std::string_view> values(std::string_view name) const;
};

// How the request's body is delimited (RFC 9112 §6).
struct BodyFraming {
    enum class Kind { none, length, chunked };
    Kind kind = Kind::none;
    std::uint64_t length = 0;  // for Kind::length
};

// The offset just past the blank line that ends a head in `buffer`, or nullopt if it is not all
// there yet. `scanned` is where an earlier call stopped looking (saves rescanning a slow head).
[[nodiscard]] std::optional<std::size_t> find_head_end(std::string_view buffer, std::size_t scanned = 0);

// Throws HttpError 414 when no line end has come within the request-line limit, 431 when the
// fields outgrow theirs: called on an incomplete head to refuse it before it is all read.
void check_partial_head(std::string_view buffer, const HeadLimits& limits);

// Parses a complete head (as delimited by find_head_end). Throws HttpError: 400 for malformed
// syntax, 414 / 431 past the limits, 505 for a version other than HTTP/1.0 or 1.1.
[[nodiscard]] RequestHead parse_head(std::string_view head, const HeadLimits& limits);

// Throws HttpError 400 for conflicting or invalid framing: Transfer-Encoding with
// Content-Length, a transfer coding list whose last coding is not chunked, Transfer-Encoding in
// HTTP/1.0, Content-Length values that differ or are not a plain decimal below 2^63; 501 for a
// coding other than chunked.
[[nodiscard]] BodyFraming body_framing(const RequestHead& head);

// How many bytes of empty lines (CR, LF) start `buffer`: ignored before a request line (RFC 9112 §2.2).
[[nodiscard]] std::size_t leading_empty_lines(std::string_view buffer);

// A request head that has arrived whole, parsed and framed; `length` is its size in the buffer.
struct CompleteHead {
    RequestHead head;
    BodyFraming framing;
    std::size_t length = 0;
};

// The head at the start of `buffer` (empty lines already skipped) if it is all there, else
// nullopt; `scanned` as for find_head_end. Throws HttpError as parse_head and body_framing do.
[[nodiscard]] std::optional<CompleteHead> complete_head(std::string_view buffer, const HeadLimits& limits,
                                                        std::size_t scanned = 0);

// Whether the client asked to keep the connection open (HTTP/1.1 default; 1.0 needs keep-alive).
[[nodiscard]] bool client_keeps_alive(const RequestHead& head);

// Whether the client sent "Expect: 100-continue".
[[nodiscard]] bool expects_continue(const RequestHead& head);

}  // namespace plateau::gateway::http
