#include "gateway/http/body_stream.hpp"

#include "gateway/http_errors.hpp"

#include <algorithm>
#include <cstring>

namespace plateau::gateway::http {

BodyStreamBuf::BodyStreamBuf(Connection& connection, BodyFraming framing, const IoTimeouts& timeouts)
    : m_connection(connection), m_framing(framing), m_timeouts(timeouts),
      m_left(framing.kind == BodyFraming::Kind::length ? framing.length : 0), m_started(Clock::now()) {
    setg(m_buffer.data(), m_buffer.data(), m_buffer.data());
}

bool BodyStreamBuf::at_end() const noexcept {
    switch (m_framing.kind) {
    case BodyFraming::Kind::none: return true;
    case BodyFraming::Kind::length: return m_left == 0;
    case BodyFraming::Kind::chunked: return m_chunked.done();
    }
    return true;
}

Clock::time_point BodyStreamBuf::next_deadline() const {
    Clock::time_point deadline = std::min(Clock::now() + m_timeouts.body, m_deadline_cap);
    if (m_timeouts.min_body_rate > 0) {
        // The body must average min_body_rate once the grace period (the body timeout) is over.
        const auto earned = std::chrono::seconds(m_received / m_timeouts.min_body_rate);
        deadline = std::min(deadline, m_started + m_timeouts.body + earned);
    }
    return deadline;
}

void BodyStreamBuf::cut_off() const {
    std::string message = "the connection ended after " + std::to_string(m_received) + " bytes of the body";
    if (m_framing.kind == BodyFraming::Kind::length) message += " of " + std::to_string(m_framing.length);
    else message += ", before the last chunk";
    throw_http(400, "truncated_body", message);
}

std::size_t BodyStreamBuf::read_length(char* out, std::size_t capacity) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, m_left));
    if (want == 0) return 0;
    const std::string_view pending = m_connection.pending();
    std::size_t got = 0;
    if (!pending.empty()) {
        got = std::min(want, pending.size());
        std::memcpy(out, pending.data(), got);
        m_connection.consume(got);
    } else {
        got = m_connection.read_before(out, want, next_deadline());
        if (got == 0) cut_off();
    }
    m_left -= got;
    return got;
}

std::size_t BodyStreamBuf::read_chunked(char* out, std::size_t capacity) {
    while (!m_chunked.done()) {
        const std::string_view pending = m_connection.pending();
        if (!pending.empty()) {
            const auto step = m_chunked.decode(pending, out, capacity);
            m_connection.consume(step.consumed);
            if (step.produced > 0) return step.produced;
            continue;
        }
        if (m_connection.receive_before(next_deadline(), 64u << 10) == 0) cut_off();
    }
    return 0;
}

std::size_t BodyStreamBuf::read_body(char* out, std::size_t capacity) {
    std::size_t got = 0;
    if (m_framing.kind == BodyFraming::Kind::length) got = read_length(out, capacity);
    else if (m_framing.kind == BodyFraming::Kind::chunked) got = read_chunked(out, capacity);
    m_received += got;
    return got;
}

BodyStreamBuf::int_type BodyStreamBuf::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const std::size_t got = read_body(m_buffer.data(), m_buffer.size());
    setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + got);
    return got == 0 ? traits_type::eof() : traits_type::to_int_type(*gptr());
}

std::streamsize BodyStreamBuf::xsgetn(char_type* out, std::streamsize count) {
    std::streamsize got = std::min<std::streamsize>(count, egptr() - gptr());
    std::memcpy(out, gptr(), static_cast<std::size_t>(got));
    gbump(static_cast<int>(got));
    while (got < count) {
        const std::size_t more = read_body(out + got, static_cast<std::size_t>(count - got));
        if (more == 0) break;
        got += static_cast<std::streamsize>(more);
    }
    return got;
}

bool BodyStreamBuf::drain(std::uint64_t limit, Clock::time_point deadline) noexcept {
    try {
        m_deadline_cap = deadline;
        std::uint64_t dropped = 0;
        setg(m_buffer.data(), m_buffer.data(), m_buffer.data());
        while (!at_end() && dropped < limit) {
            const std::size_t got = read_body(m_buffer.data(), m_buffer.size());
            if (got == 0) break;
            dropped += got;
        }
        return at_end();
    } catch (...) {
        return false;
    }
}

}  // namespace plateau::gateway::http
