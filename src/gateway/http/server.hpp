// The gateway's HTTP/1.1 front end, in place of Poco's HTTPServer (which gives every accepted
// connection a thread while it waits for the client, so ~64 idle or slow sockets deny service
// to everyone). One reactor thread (epoll) owns every connection that is between requests: it
// accepts, reads request heads as they come, enforces the header and keep-alive deadlines and
// the connection caps, and refuses malformed or ambiguous heads itself with a JSON error. Only a
// complete, well-framed request reaches one of the worker threads, which runs the Poco handler
// the factory picks and gives the connection back. docs/gateway.md says why.
#pragma once

#include "gateway/http/connection.hpp"
#include "gateway/http/connection_stats.hpp"
#include "gateway/http/request_head.hpp"
#include "gateway/http/server_limits.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace plateau::gateway::http {

class HttpServer {
public:
    // `listener`: a bound, listening socket the caller keeps open until after stop(); `stats`
    // outlives the server.
    HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, int listener, ServerLimits limits, ConnectionStats& stats);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    void start();
    // Stops accepting and closes idle connections; requests in flight get `grace` to finish,
    // then their sockets are shut down. Idempotent.
    void stop(std::chrono::seconds grace);

private:
    struct Exchange {
        std::unique_ptr<Connection> connection;
        RequestHead head;
        BodyFraming framing;
    };

    // reactor.cpp: the event loop, on the reactor thread only.
    void run_reactor();
    void accept_all(Clock::time_point now);
    void admit(int fd, Clock::time_point now);
    bool make_room(const std::string& host);
    void on_readable(int fd, Clock::time_point now);
    void process_input(int fd, Clock::time_point now);
    void dispatch(int fd, RequestHead head, BodyFraming framing);
    void refuse(Connection& connection, int status, const std::string& reason, const std::string& message, Clock::time_point now);
    void sweep(Clock::time_point now);
    void take_returned(Clock::time_point now);
    void watch(int fd) const;
    void close_waiting(int fd);
    void account(Connection& connection);

    // server.cpp: workers and hand-over.
    void run_worker();
    // The connection's next request when its head is complete within a moment and no other
    // request waits for a worker; nullopt hands the connection back to the reactor.
    std::optional<CompleteHead> next_inline_request(Connection& connection);
    void hand_back(std::unique_ptr<Connection> connection, bool keep);
    void forget(const Connection& connection);  // under m_mutex
    void wake_reactor() const;

    Poco::Net::HTTPRequestHandlerFactory::Ptr m_factory;
    Poco::Net::HTTPServerParams::Ptr m_params;
    int m_listener;
    ServerLimits m_limits;
    ConnectionStats& m_stats;
    UniqueFd m_epoll;
    UniqueFd m_wake;  // eventfd: returned connections, stop

    // Reactor thread only.
    std::unordered_map<int, std::unique_ptr<Connection>> m_waiting;
    std::size_t m_buffered_heads = 0;
    Clock::time_point m_listener_paused_until{};
    bool m_listener_watched = false;

    std::mutex m_mutex;  // guards what follows
    std::condition_variable m_ready_cv;
    std::condition_variable m_idle_cv;
    std::deque<Exchange> m_ready;
    std::vector<std::unique_ptr<Connection>> m_returned;
    std::unordered_map<std::string, int> m_per_address;
    std::unordered_set<int> m_in_flight;
    int m_busy = 0;
    bool m_quit = false;

    std::atomic<bool> m_stopping{false};
    std::thread m_reactor;
    std::vector<std::thread> m_workers;
};

}  // namespace plateau::gateway::http
