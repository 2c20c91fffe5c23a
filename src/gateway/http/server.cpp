#include "gateway/http/server.hpp"

#include "core/log.hpp"
#include "gateway/http/exchange.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace plateau::gateway::http {
namespace {

constexpr int k_reserved_fds = 256;  // for the store, job files and child processes
constexpr int k_inline_wait_ms = 2;   // how long a worker waits for a client's next request
constexpr std::size_t k_inline_read_bytes = 64u << 10;

// Raises the soft limit on open files to the hard one and returns how many connections fit.
int connections_that_fit(int wanted) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur == RLIM_INFINITY) return wanted;
    const auto fit = static_cast<long long>(limit.rlim_cur) - k_reserved_fds;
    return static_cast<int>(std::max<long long>(16, std::min<long long>(wanted, fit)));
}

}  // namespace

HttpServer::HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, int listener, ServerLimits limits,
                       ConnectionStats& stats)
    : m_factory(std::move(factory)), m_params(new Poco::Net::HTTPServerParams), m_listener(listener), m_limits(limits),
      m_stats(stats) {
    m_limits.max_connections = connections_that_fit(m_limits.max_connections);
    m_params->setMaxThreads(m_limits.workers);
    m_params->setMaxQueued(m_limits.max_queued);
    m_params->setKeepAlive(true);
    m_params->setKeepAliveTimeout(Poco::Timespan(m_limits.timeouts.keep_alive.count(), 0));
    m_params->setTimeout(Poco::Timespan(m_limits.timeouts.body.count(), 0));
    m_epoll.reset(::epoll_create1(EPOLL_CLOEXEC));
    m_wake.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!m_epoll.valid() || !m_wake.valid()) throw std::system_error(errno, std::generic_category(), "epoll/eventfd");
}

HttpServer::~HttpServer() { stop(std::chrono::seconds(0)); }

void HttpServer::start() {
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.fd = m_wake.get();
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, m_wake.get(), &wake);
    m_reactor = std::thread([this] { run_reactor(); });
    for (int i = 0; i < m_limits.workers; ++i) m_workers.emplace_back([this] { run_worker(); });
    core::log_info("gateway", "HTTP front end: " + std::to_string(m_limits.workers) + " workers, up to " +
                                  std::to_string(m_limits.max_connections) + " connections (" +
                                  std::to_string(m_limits.max_connections_per_address) + " per address)");
}

void HttpServer::wake_reactor() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(m_wake.get(), &one, sizeof one);
}

void HttpServer::stop(std::chrono::seconds grace) {
    if (m_stopping.exchange(true)) return;
    wake_reactor();
    if (m_reactor.joinable()) m_reactor.join();
    std::unique_lock lock(m_mutex);
    m_idle_cv.wait_for(lock, grace, [this] { return m_busy == 0 && m_ready.empty(); });
    // Whatever still runs is waiting on a client: make its socket calls fail now.
    for (int fd : m_in_flight) ::shutdown(fd, SHUT_RDWR);
    m_quit = true;
    m_ready_cv.notify_all();
    lock.unlock();
    for (auto& worker : m_workers) worker.join();
    m_workers.clear();
    m_returned.clear();
    m_ready.clear();
}

void HttpServer::run_worker() {
    const ExchangeServices services{*m_factory, *m_params, m_limits.timeouts};
    while (true) {
        Exchange exchange;
        {
            std::unique_lock lock(m_mutex);
            m_ready_cv.wait(lock, [this] { return !m_ready.empty() || m_quit; });
            if (m_ready.empty()) return;
            exchange = std::move(m_ready.front());
            m_ready.pop_front();
            ++m_busy;
            m_in_flight.insert(exchange.connection->fd());
        }
        Connection& connection = *exchange.connection;
        bool keep = serve_exchange(connection, exchange.head, exchange.framing, !m_stopping.load(), services);
        // A client that sends its next request at once is served on this thread, without a
        // round through the reactor, as long as nobody else waits for a worker.
        while (keep && !m_stopping.load()) {
            auto next = next_inline_request(connection);
            if (!next) break;
            keep = serve_exchange(connection, next->head, next->framing, !m_stopping.load(), services);
        }
        hand_back(std::move(exchange.connection), keep);
    }
}

std::optional<CompleteHead> HttpServer::next_inline_request(Connection& connection) {
    {
        std::lock_guard lock(m_mutex);
        if (!m_ready.empty()) return std::nullopt;
    }
    try {
        if (connection.pending().empty()) {
            pollfd ready{connection.fd(), POLLIN, 0};
            if (::poll(&ready, 1, k_inline_wait_ms) <= 0 || connection.receive(k_inline_read_bytes) <= 0) return std::nullopt;
        }
        connection.consume(leading_empty_lines(connection.pending()));
        auto complete = complete_head(connection.pending(), m_limits.head);
        if (!complete) return std::nullopt;  // the reactor waits for the rest of the head
        connection.consume(complete->length);
        return complete;
    } catch (const std::exception&) {
        return std::nullopt;  // the reactor reads it again and answers or closes
    }
}

void HttpServer::forget(const Connection& connection) {
    const auto it = m_per_address.find(connection.peer_host());
    if (it != m_per_address.end() && --it->second <= 0) m_per_address.erase(it);
    m_stats.open.fetch_sub(1, std::memory_order_relaxed);
}

// A served connection goes back to the reactor: to wait for its next request, or (after an
// answer that ends it) to be read and dropped until the client closes, so that the client
// reads the answer instead of a reset.
void HttpServer::hand_back(std::unique_ptr<Connection> connection, bool keep) {
    std::lock_guard lock(m_mutex);
    m_in_flight.erase(connection->fd());
    --m_busy;
    if (m_stopping.load()) {
        forget(*connection);
        connection.reset();
    } else {
        if (!keep) {
            ::shutdown(connection->fd(), SHUT_WR);
            connection->closing = true;
        }
        connection->trim_buffer();
        m_returned.push_back(std::move(connection));
        wake_reactor();
    }
    if (m_busy == 0 && m_ready.empty()) m_idle_cv.notify_all();
}

}  // namespace plateau::gateway::http
