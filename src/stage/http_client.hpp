// One HTTP/1.1 connection to the gateway (Poco HTTPClientSession, or HTTPSClientSession for
// https:// URLs, with the system's CA certificates), kept alive between requests. Failures that a
// retry can cure (a refused or reset connection, a timeout, a 5xx answer) throw TransientError;
// with_retries() runs a step again after a pause that doubles up to 5 s.
#pragma once

#include "core/error.hpp"
#include "stage/api.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Poco::Net {
class HTTPClientSession;
}

namespace plateau::stage {

class TransientError : public Error {
public:
    explicit TransientError(const std::string& message) : Error(ErrorCode::Io, message) {}
};

struct Endpoint {
    bool https = false;
    std::string host;
    unsigned short port = 0;
    std::string prefix;  // path before /api/..., without a trailing '/'
};
// Throws Usage naming --url for anything but http(s)://host[:port][/prefix].
[[nodiscard]] Endpoint parse_endpoint(const std::string& url);

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
    int status = 0;
    std::string reason;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    [[nodiscard]] std::string header(const std::string& lower_name) const;
    // The gateway's JSON "error" text if there is one, else the reason phrase.
    [[nodiscard]] std::string error_text() const;
};

// Bytes per second over every stream of a run (--limit-rate); 0 means no limit.
class RateLimiter {
public:
    explicit RateLimiter(std::uint64_t bytes_per_second) : m_rate(bytes_per_second) {}
    void acquire(std::size_t bytes);

private:
    std::uint64_t m_rate;
    std::mutex m_mutex;
    double m_next_free = 0;  // steady-clock seconds when the budget is next free
};

class HttpClient {
public:
    HttpClient(const ServerOptions& options, RateLimiter& limiter);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends a request with `body` (Content-Length; none for an empty GET/HEAD/DELETE) and reads the
    // whole answer. `sent` (if given) grows by the body bytes written to the socket.
    Response request(const std::string& method, const std::string& path, const Headers& headers,
                     std::string_view body = {}, std::uint64_t* sent = nullptr);
    // GET whose 200/206 body goes to `sink` (status, block) in blocks; other answers are read
    // whole into body.
    using Sink = std::function<void(int, const char*, std::size_t)>;
    Response download(const std::string& path, const Headers& headers, const Sink& sink);
    // "/api/v1/uploads/x" or "http://h/p/api/v1/uploads/x" -> the path to request (prefix kept).
    [[nodiscard]] std::string path_of(const std::string& location) const;
    [[nodiscard]] const Endpoint& endpoint() const { return m_endpoint; }
    // Seconds a request may wait for the network from now on (default: options.timeout_seconds).
    void set_timeout(double seconds);
    [[nodiscard]] const ServerOptions& options() const { return m_options; }

private:
    void connect();
    // Connects if needed and sends the request head (token, headers); returns the body stream.
    std::ostream& send_head(const std::string& method, const std::string& path, const Headers& headers,
                            std::optional<std::uint64_t> content_length);
    // Runs `exchange` on the session; a network failure drops the session and becomes a TransientError.
    void guarded(const std::function<void()>& exchange);
    const ServerOptions& m_options;
    RateLimiter& m_limiter;
    Endpoint m_endpoint;
    std::unique_ptr<Poco::Net::HTTPClientSession> m_session;
    double m_timeout_seconds;
};

// Runs `step` until it returns; after a TransientError waits (0.5 s doubling to 5 s) and runs it
// again, at most options.retries times; then throws an Io error "<what>: <last failure>".
void with_retries(const ServerOptions& options, const std::string& what, const std::function<void()>& step);

// Throws for a status outside `expected`: 401/403 name the token, 5xx are TransientError.
void expect_status(const Response& r, std::initializer_list<int> expected, const std::string& what);

}  // namespace plateau::stage
