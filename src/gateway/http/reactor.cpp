// HttpServer's reactor thread: accepts, reads request heads without blocking, enforces the
// deadlines and caps, refuses bad heads, and queues complete requests for the workers.
#include "core/log.hpp"
#include "gateway/http/error_response.hpp"
#include "gateway/http/server.hpp"
#include "gateway/http_errors.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace plateau::gateway::http {
namespace {

constexpr auto k_sweep_interval = std::chrono::milliseconds(100);
constexpr auto k_linger = std::chrono::seconds(2);  // reading and dropping after a refusal
constexpr std::size_t k_read_bytes = 64u << 10;
constexpr int k_reads_per_event = 16;  // then the next ready connection gets its turn

}  // namespace

void HttpServer::watch(int fd) const {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.fd = fd;
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, fd, &event);
}

void HttpServer::account(Connection& connection) {
    const std::size_t now_pending = connection.closing ? 0 : connection.pending().size();
    m_buffered_heads = m_buffered_heads + now_pending - connection.accounted_bytes;
    connection.accounted_bytes = now_pending;
}

void HttpServer::close_waiting(int fd) {
    const auto it = m_waiting.find(fd);
    if (it == m_waiting.end()) return;
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
    m_buffered_heads -= it->second->accounted_bytes;
    {
        std::lock_guard lock(m_mutex);
        forget(*it->second);
    }
    m_waiting.erase(it);  // closes the socket
}

void HttpServer::run_reactor() {
    watch(m_listener);
    m_listener_watched = true;
    std::vector<epoll_event> events(256);
    auto last_sweep = Clock::now();
    while (!m_stopping.load()) {
        const int ready = ::epoll_wait(m_epoll.get(), events.data(), static_cast<int>(events.size()), 100);
        const auto now = Clock::now();
        for (int i = 0; i < ready; ++i) {
            const int fd = events[static_cast<std::size_t>(i)].data.fd;
            if (fd == m_listener) accept_all(now);
            else if (fd == m_wake.get()) take_returned(now);
            else on_readable(fd, now);
        }
        if (now - last_sweep >= k_sweep_interval) {
            sweep(now);
            last_sweep = now;
        }
    }
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, m_listener, nullptr);
    take_returned(Clock::now());
    while (!m_waiting.empty()) close_waiting(m_waiting.begin()->first);
}

void HttpServer::accept_all(Clock::time_point now) {
    while (true) {
        const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            admit(fd, now);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE) {
            // No descriptor left: stop watching the listener for a moment instead of spinning.
            core::log_warn("gateway", "out of file descriptors: accepting paused for 100 ms");
            ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, m_listener, nullptr);
            m_listener_watched = false;
            m_listener_paused_until = now + std::chrono::milliseconds(100);
        }
        return;
    }
}

// Closes the connection that has waited longest for a request (of `host`, when given), to make
// room for a new one. False when every connection is busy with a request.
bool HttpServer::make_room(const std::string& host) {
    int oldest = -1;
    Clock::time_point oldest_since = Clock::time_point::max();
    for (const auto& [fd, connection] : m_waiting) {
        if (connection->head_started || (!host.empty() && connection->peer_host() != host)) continue;
        if (connection->idle_since < oldest_since) {
            oldest = fd;
            oldest_since = connection->idle_since;
        }
    }
    if (oldest < 0) return false;
    close_waiting(oldest);
    m_stats.evicted.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void HttpServer::admit(int fd, Clock::time_point now) {
    UniqueFd socket(fd);
    sockaddr_storage peer{};
    sockaddr_storage local{};
    socklen_t peer_size = sizeof peer;
    socklen_t local_size = sizeof local;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0)
        return;  // the client is already gone
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto connection = std::make_unique<Connection>(std::move(socket),
                                                   Poco::Net::SocketAddress(reinterpret_cast<sockaddr*>(&peer), peer_size),
                                                   Poco::Net::SocketAddress(reinterpret_cast<sockaddr*>(&local), local_size));
    int from_host = 0;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_per_address.find(connection->peer_host());
        from_host = it == m_per_address.end() ? 0 : it->second;
    }
    const bool full = (from_host >= m_limits.max_connections_per_address && !make_room(connection->peer_host())) ||
                      (m_stats.open.load() >= m_limits.max_connections && !make_room({}));
    if (full) {
        m_stats.rejected.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    m_stats.accepted.fetch_add(1, std::memory_order_relaxed);
    connection->idle_since = now;
    connection->deadline = now + m_limits.timeouts.header;
    {
        std::lock_guard lock(m_mutex);
        ++m_per_address[connection->peer_host()];
    }
    m_stats.open.fetch_add(1, std::memory_order_relaxed);
    watch(fd);
    m_waiting.emplace(fd, std::move(connection));
}

void HttpServer::on_readable(int fd, Clock::time_point now) {
    const auto it = m_waiting.find(fd);
    if (it == m_waiting.end()) return;
    Connection& connection = *it->second;
    try {
        for (int i = 0; i < k_reads_per_event; ++i) {
            const long got = connection.receive(k_read_bytes);
            if (got == 0) {
                close_waiting(fd);  // the client closed (mid-head, between requests, or after a refusal)
                return;
            }
            if (got < 0) break;
            if (connection.closing) connection.consume(connection.pending().size());
        }
    } catch (const std::exception&) {
        close_waiting(fd);
        return;
    }
    if (!connection.closing) process_input(fd, now);
}

void HttpServer::process_input(int fd, Clock::time_point now) {
    Connection& connection = *m_waiting.at(fd);
    if (!connection.head_started) {
        connection.consume(leading_empty_lines(connection.pending()));
        if (connection.pending().empty()) return account(connection);
        connection.head_started = true;
        connection.deadline = now + m_limits.timeouts.header;
    }
    try {
        const std::string_view pending = connection.pending();
        auto complete = complete_head(pending, m_limits.head, connection.head_scanned);
        if (!complete) {
            check_partial_head(pending, m_limits.head);
            connection.head_scanned = pending.size();
            account(connection);
            if (m_buffered_heads > m_limits.max_buffered_heads)
                throw_http(503, "server_busy", "too many request heads are being received at once; retry");
            return;
        }
        connection.consume(complete->length);
        dispatch(fd, std::move(complete->head), complete->framing);
    } catch (const HttpError& e) {
        refuse(connection, e.status(), e.reason(), e.what(), now);
    }
}

void HttpServer::dispatch(int fd, RequestHead head, BodyFraming framing) {
    const auto it = m_waiting.find(fd);
    Connection& connection = *it->second;
    connection.head_started = false;
    connection.head_scanned = 0;
    m_buffered_heads -= connection.accounted_bytes;
    connection.accounted_bytes = 0;
    std::unique_lock lock(m_mutex);
    if (m_ready.size() >= static_cast<std::size_t>(m_limits.max_queued)) {
        lock.unlock();
        refuse(connection, 503, "server_busy", "every worker is busy and the queue is full; retry", Clock::now());
        return;
    }
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
    m_ready.push_back(Exchange{std::move(it->second), std::move(head), framing});
    m_waiting.erase(it);
    m_ready_cv.notify_one();
}

// Answers a request the front end will not serve, then reads and drops whatever the client
// still sends for a while (closing at once could reset the connection before it reads the answer).
void HttpServer::refuse(Connection& connection, int status, const std::string& reason, const std::string& message,
                        Clock::time_point now) {
    m_stats.count_refusal(status);
    const std::string response = error_response(status, reason, message);
    [[maybe_unused]] const auto sent = ::send(connection.fd(), response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(connection.fd(), SHUT_WR);
    connection.closing = true;
    connection.head_started = false;
    connection.consume(connection.pending().size());
    connection.deadline = now + k_linger;
    account(connection);
}

void HttpServer::sweep(Clock::time_point now) {
    std::vector<int> expired;
    for (const auto& [fd, connection] : m_waiting)
        if (connection->deadline <= now) expired.push_back(fd);
    for (int fd : expired) {
        Connection& connection = *m_waiting.at(fd);
        if (connection.head_started && !connection.closing) {
            refuse(connection, 408, "request_timeout", "the request head did not arrive in time", now);
            continue;
        }
        if (!connection.closing) m_stats.idle_closed.fetch_add(1, std::memory_order_relaxed);
        close_waiting(fd);
    }
    if (!m_listener_watched && now >= m_listener_paused_until) {
        watch(m_listener);
        m_listener_watched = true;
    }
}

void HttpServer::take_returned(Clock::time_point now) {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto got = ::read(m_wake.get(), &count, sizeof count);
    std::vector<std::unique_ptr<Connection>> returned;
    {
        std::lock_guard lock(m_mutex);
        returned.swap(m_returned);
    }
    for (auto& connection : returned) {
        const int fd = connection->fd();
        connection->idle_since = now;
        connection->deadline = now + (connection->closing ? std::chrono::seconds(k_linger) : m_limits.timeouts.keep_alive);
        watch(fd);
        m_waiting.emplace(fd, std::move(connection));
        if (!m_waiting.at(fd)->closing) process_input(fd, now);  // a pipelined request may be buffered already
    }
}

}  // namespace plateau::gateway::http
