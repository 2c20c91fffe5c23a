// Where a response body goes: a buffered std::streambuf over the connection that frames the
// bytes as the response head said (Content-Length: counted, never past it; chunked: one chunk a
// flush; close-delimited), or drops them for HEAD. Sending waits for a slow reader at most the
// send timeout, then fails (the stream's badbit), which ends the exchange and the connection.
#pragma once

#include "gateway/http/connection.hpp"

#include <chrono>
#include <cstdint>
#include <streambuf>
#include <string>
#include <memory>

namespace plateau::gateway::http {

class ResponseStreamBuf final : public std::streambuf {
public:
    enum class Framing { length, chunked, close, discard };
    ResponseStreamBuf(const Connection& connection, std::chrono::seconds send_timeout);

    // Starts the body after `head`, which is sent with the first bytes of it.
    void begin(std::string head, Framing framing, std::uint64_t length);
    // Sends the head and a whole body at once (no buffering): what sendBuffer does.
    void send_whole(std::string_view body);
    // Sends what is buffered and, for chunked bodies, the last chunk. False if anything failed or
    // a Content-Length body fell short (the connection must then be closed).
    [[nodiscard]] bool finish() noexcept;
    [[nodiscard]] bool failed() const noexcept { return m_failed; }

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char_type* data, std::streamsize count) override;
    int sync() override;

private:
    bool flush_buffer();
    bool make_room();  // allocates the buffer at the first write, later flushes it
    // Sends the pending head and `body` framed as one piece (a chunk, for chunked bodies).
    bool send_framed(std::string_view body);
    void send(std::string_view data);

    const Connection& m_connection;
    std::chrono::seconds m_send_timeout;
    Framing m_framing = Framing::length;
    std::uint64_t m_length = 0;       // declared Content-Length
    std::uint64_t m_body_bytes = 0;   // body bytes accepted so far
    std::string m_head;               // not yet sent
    std::unique_ptr<char[]> m_buffer;  // allocated at the first buffered write
    bool m_failed = false;
    bool m_finished = false;
};

}  // namespace plateau::gateway::http
