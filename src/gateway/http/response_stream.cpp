#include "gateway/http/response_stream.hpp"

#include <cstdio>
#include <cstring>

namespace plateau::gateway::http {
namespace {

constexpr std::size_t k_buffer_bytes = 64u << 10;

}  // namespace

ResponseStreamBuf::ResponseStreamBuf(const Connection& connection, std::chrono::seconds send_timeout)
    : m_connection(connection), m_send_timeout(send_timeout) {}

void ResponseStreamBuf::begin(std::string head, Framing framing, std::uint64_t length) {
    m_head = std::move(head);
    m_framing = framing;
    m_length = length;
}

void ResponseStreamBuf::send(std::string_view data) {
    m_connection.send_before(data, Clock::now() + m_send_timeout);
}

bool ResponseStreamBuf::send_framed(std::string_view body) {
    if (m_failed) return false;
    if (m_framing == Framing::discard) body = {};
    if (m_framing == Framing::length && m_body_bytes > m_length) {
        m_failed = true;  // the handler wrote more than it declared
        return false;
    }
    try {
        char size[24] = "";
        if (m_framing == Framing::chunked && !body.empty()) std::snprintf(size, sizeof size, "%zx\r\n", body.size());
        const bool chunk = size[0] != '\0';
        m_connection.send_before({m_head, size, body, chunk ? "\r\n" : ""}, Clock::now() + m_send_timeout);
        m_head.clear();
        return true;
    } catch (const std::exception&) {
        m_failed = true;
        return false;
    }
}

// Sends the head (if still pending) and the buffered body bytes.
bool ResponseStreamBuf::flush_buffer() {
    const std::string_view body(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(m_buffer.get(), m_buffer.get() + (m_buffer ? k_buffer_bytes : 0));
    return send_framed(body);
}

bool ResponseStreamBuf::make_room() {
    if (m_buffer) return flush_buffer();
    m_buffer = std::make_unique_for_overwrite<char[]>(k_buffer_bytes);
    setp(m_buffer.get(), m_buffer.get() + k_buffer_bytes);
    return !m_failed;
}

void ResponseStreamBuf::send_whole(std::string_view body) {
    m_body_bytes += body.size();
    send_framed(body);
}

ResponseStreamBuf::int_type ResponseStreamBuf::overflow(int_type c) {
    if (!make_room()) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    ++m_body_bytes;
    return c;
}

std::streamsize ResponseStreamBuf::xsputn(const char_type* data, std::streamsize count) {
    if (count >= static_cast<std::streamsize>(k_buffer_bytes)) {
        // Large writes go from the caller's memory to the socket, after what is buffered.
        if (pptr() > pbase() && !flush_buffer()) return 0;
        m_body_bytes += static_cast<std::uint64_t>(count);
        return send_framed(std::string_view(data, static_cast<std::size_t>(count))) ? count : 0;
    }
    std::streamsize done = 0;
    while (done < count) {
        if (pptr() == epptr() && !make_room()) return done;
        const std::streamsize room = std::min<std::streamsize>(count - done, epptr() - pptr());
        std::memcpy(pptr(), data + done, static_cast<std::size_t>(room));
        pbump(static_cast<int>(room));
        done += room;
        m_body_bytes += static_cast<std::uint64_t>(room);
    }
    return done;
}

int ResponseStreamBuf::sync() { return flush_buffer() ? 0 : -1; }

bool ResponseStreamBuf::finish() noexcept {
    if (m_finished) return !m_failed;
    m_finished = true;
    if (!flush_buffer()) return false;
    try {
        if (m_framing == Framing::chunked) send("0\r\n\r\n");
    } catch (const std::exception&) {
        m_failed = true;
    }
    if (m_framing == Framing::length && m_body_bytes != m_length) m_failed = true;
    return !m_failed;
}

}  // namespace plateau::gateway::http
