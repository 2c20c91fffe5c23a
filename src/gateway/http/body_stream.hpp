// The request body as a std::streambuf: bytes already received with the head first, then the
// socket, never past the body's end (what follows is the next request). Content-Length and
// chunked bodies alike end with an exception (HttpError 400 truncated_body / bad_chunked_body,
// 408 request_timeout) when the client stops early, sends a malformed chunk or is too slow; the
// istream that owns it rethrows (badbit in its exceptions mask), so a cut-off upload can never
// look like a complete one. Large reads (xsgetn) go straight from the socket to the caller.
#pragma once

#include "gateway/http/chunked_decoder.hpp"
#include "gateway/http/connection.hpp"
#include "gateway/http/request_head.hpp"
#include "gateway/http/server_limits.hpp"

#include <array>
#include <streambuf>

namespace plateau::gateway::http {

class BodyStreamBuf final : public std::streambuf {
public:
    BodyStreamBuf(Connection& connection, BodyFraming framing, const IoTimeouts& timeouts);
    // Whether the whole body has been read.
    [[nodiscard]] bool at_end() const noexcept;
    // Reads and drops the rest of the body, at most `limit` bytes before `deadline`; true when
    // the body ended (the connection can serve another request). Never throws.
    [[nodiscard]] bool drain(std::uint64_t limit, Clock::time_point deadline) noexcept;

protected:
    int_type underflow() override;
    std::streamsize xsgetn(char_type* out, std::streamsize count) override;

private:
    std::size_t read_body(char* out, std::size_t capacity);
    std::size_t read_length(char* out, std::size_t capacity);
    std::size_t read_chunked(char* out, std::size_t capacity);
    [[nodiscard]] Clock::time_point next_deadline() const;
    [[noreturn]] void cut_off() const;

    Connection& m_connection;
    BodyFraming m_framing;
    IoTimeouts m_timeouts;
    ChunkedDecoder m_chunked;
    std::uint64_t m_left = 0;       // Content-Length bytes still to come
    std::uint64_t m_received = 0;   // body bytes delivered so far
    Clock::time_point m_started;
    Clock::time_point m_deadline_cap = Clock::time_point::max();  // set while draining
    std::array<char, 16384> m_buffer;  // not zeroed: filled before it is read
};

}  // namespace plateau::gateway::http
