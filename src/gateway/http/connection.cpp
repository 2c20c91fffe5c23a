#include "gateway/http/connection.hpp"

#include "gateway/http_errors.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace plateau::gateway::http {
namespace {

constexpr std::size_t k_min_room = 2048;
constexpr std::size_t k_first_buffer = 8192;

// Waits for `events` on `fd` until `until`; false when the until passed.
bool wait_for(int fd, short events, Clock::time_point until) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60'000)));
        if (ready > 0) return true;
        if (ready < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    }
}

}  // namespace

void Connection::consume(std::size_t bytes) {
    m_used += std::min(bytes, m_end - m_used);
    if (m_used == m_end) {
        m_used = 0;
        m_end = 0;
    } else if (m_used > (64u << 10) && m_used * 2 > m_end) {
        std::copy(m_input.begin() + static_cast<std::ptrdiff_t>(m_used), m_input.begin() + static_cast<std::ptrdiff_t>(m_end),
                  m_input.begin());
        m_end -= m_used;
        m_used = 0;
    }
}

void Connection::trim_buffer() {
    consume(0);
    if (m_used > 0) {
        std::copy(m_input.begin() + static_cast<std::ptrdiff_t>(m_used), m_input.begin() + static_cast<std::ptrdiff_t>(m_end),
                  m_input.begin());
        m_end -= m_used;
        m_used = 0;
    }
    if (m_input.size() > (256u << 10)) {
        m_input.resize(std::max<std::size_t>(m_end, 64u << 10));
        m_input.shrink_to_fit();
    }
}

long Connection::receive(std::size_t limit) {
    // Grow by doubling when little room is left: an idle or slow client holds a few KiB, a
    // client sending megabytes gets large reads.
    if (m_input.size() - m_end < k_min_room) m_input.resize(std::max(k_first_buffer, 2 * m_input.size()));
    const std::size_t want = std::min(limit, m_input.size() - m_end);
    ssize_t got;
    do {
        got = ::recv(m_fd.get(), m_input.data() + m_end, want, 0);
    } while (got < 0 && errno == EINTR);
    if (got >= 0) {
        m_end += static_cast<std::size_t>(got);
        return static_cast<long>(got);
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) return -1;
    throw std::system_error(errno, std::generic_category(), "recv");
}

std::size_t Connection::receive_before(Clock::time_point until, std::size_t limit) {
    while (true) {
        const long got = receive(limit);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (!wait_for(m_fd.get(), POLLIN, until))
            throw_http(408, "request_timeout", "the client sent nothing for too long, or too slowly");
    }
}

std::size_t Connection::read_before(char* out, std::size_t size, Clock::time_point until) {
    while (true) {
        const ssize_t got = ::recv(m_fd.get(), out, size, 0);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) throw std::system_error(errno, std::generic_category(), "recv");
        if (!wait_for(m_fd.get(), POLLIN, until))
            throw_http(408, "request_timeout", "the client sent nothing for too long, or too slowly");
    }
}

void Connection::send_before(std::string_view data, Clock::time_point until) const {
    send_before(std::vector<std::string_view>{data}, until);
}

void Connection::send_before(std::vector<std::string_view> pieces, Clock::time_point until) const {
    std::size_t first = 0;
    while (true) {
        while (first < pieces.size() && pieces[first].empty()) ++first;
        if (first == pieces.size()) return;
        std::vector<iovec> parts;
        for (std::size_t i = first; i < pieces.size() && parts.size() < 64; ++i)
            parts.push_back({const_cast<char*>(pieces[i].data()), pieces[i].size()});
        msghdr message{};
        message.msg_iov = parts.data();
        message.msg_iovlen = parts.size();
        const ssize_t sent = ::sendmsg(m_fd.get(), &message, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) throw std::system_error(errno, std::generic_category(), "send");
        if (sent < 0) {
            if (!wait_for(m_fd.get(), POLLOUT, until)) throw std::runtime_error("the client did not read the response in time");
            continue;
        }
        auto left = static_cast<std::size_t>(sent);
        for (std::size_t i = first; i < pieces.size() && left > 0; ++i) {
            const std::size_t take = std::min(left, pieces[i].size());
            pieces[i].remove_prefix(take);
            left -= take;
        }
    }
}

}  // namespace plateau::gateway::http
