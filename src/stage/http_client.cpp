#include "stage/http_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/PrivateKeyPassphraseHandler.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <nlohmann/json.hpp>

#include "core/log.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

namespace plateau::stage {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Poco::Net::Context::Ptr client_tls_context() {
    static const bool initialised = [] {
        Poco::Net::initializeSSL();
        return true;
    }();
    (void)initialised;
    // Peer certificates are verified against the system's CA store; a failure is refused.
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
    Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject = new Poco::Net::RejectCertificateHandler(false);
    Poco::Net::SSLManager::instance().initializeClient(Poco::SharedPtr<Poco::Net::PrivateKeyPassphraseHandler>(), reject, context);
    return context;
}

void read_response(Poco::Net::HTTPClientSession& session, Response& out, const HttpClient::Sink* sink) {
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    out.status = static_cast<int>(response.getStatus());
    out.reason = response.getReason();
    for (const auto& [name, value] : response) out.headers[lower(name)] = value;
    if (sink && (out.status == 200 || out.status == 206)) {
        std::vector<char> buffer(1 << 20);
        while (in) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            if (in.gcount() > 0) (*sink)(out.status, buffer.data(), static_cast<std::size_t>(in.gcount()));
        }
        if (in.bad()) throw TransientError("the connection broke while reading the answer");
    } else {
        Poco::StreamCopier::copyToString(in, out.body);
    }
}

}  // namespace

Endpoint parse_endpoint(const std::string& url) {
    Endpoint e;
    std::string rest;
    if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
    } else if (url.rfind("https://", 0) == 0) {
        e.https = true;
        rest = url.substr(8);
    } else {
        throw_usage_error("--url '" + url + "' must start with http:// or https://");
    }
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    e.prefix = slash == std::string::npos ? "" : rest.substr(slash);
    while (!e.prefix.empty() && e.prefix.back() == '/') e.prefix.pop_back();
    e.port = e.https ? 443 : 80;
    const auto colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
        const std::string port = authority.substr(colon + 1);
        authority.resize(colon);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
            std::stoul(port) == 0 || std::stoul(port) > 65535)
            throw_usage_error("--url '" + url + "': the port must be 1 to 65535");
        e.port = static_cast<unsigned short>(std::stoul(port));
    }
    if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']')
        authority = authority.substr(1, authority.size() - 2);
    if (authority.empty()) throw_usage_error("--url '" + url + "' names no host");
    e.host = authority;
    return e;
}

std::string Response::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::string Response::error_text() const {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object() && json.contains("error") && json["error"].is_string()) return json["error"].get<std::string>();
    return reason;
}

void RateLimiter::acquire(std::size_t bytes) {
    if (m_rate == 0) return;
    double wait_until = 0;
    {
        std::lock_guard lock(m_mutex);
        const double now = now_seconds();
        m_next_free = std::max(m_next_free, now) + static_cast<double>(bytes) / static_cast<double>(m_rate);
        wait_until = m_next_free - static_cast<double>(bytes) / static_cast<double>(m_rate);
    }
    const double pause = wait_until - now_seconds();
    if (pause > 0) std::this_thread::sleep_for(std::chrono::duration<double>(pause));
}

HttpClient::HttpClient(const ServerOptions& options, RateLimiter& limiter)
    : m_options(options), m_limiter(limiter), m_endpoint(parse_endpoint(options.url)), m_timeout_seconds(options.timeout_seconds) {}

void HttpClient::set_timeout(double seconds) {
    m_timeout_seconds = seconds;
    if (m_session) m_session->setTimeout(Poco::Timespan(static_cast<long>(seconds), 0));
}

HttpClient::~HttpClient() = default;

void HttpClient::connect() {
    if (m_endpoint.https)
        m_session = std::make_unique<Poco::Net::HTTPSClientSession>(m_endpoint.host, m_endpoint.port, client_tls_context());
    else
        m_session = std::make_unique<Poco::Net::HTTPClientSession>(m_endpoint.host, m_endpoint.port);
    m_session->setKeepAlive(true);
    const auto seconds = static_cast<long>(m_timeout_seconds);
    m_session->setTimeout(Poco::Timespan(seconds, 0));
}

std::string HttpClient::path_of(const std::string& location) const {
    std::string path = location;
    if (const auto scheme = path.find("://"); scheme != std::string::npos) {
        const auto slash = path.find('/', scheme + 3);
        path = slash == std::string::npos ? "/" : path.substr(slash);
    }
    if (!m_endpoint.prefix.empty() && path.rfind(m_endpoint.prefix + "/", 0) != 0) path = m_endpoint.prefix + path;
    return path;
}

std::ostream& HttpClient::send_head(const std::string& method, const std::string& path, const Headers& headers,
                                   std::optional<std::uint64_t> content_length) {
    if (!m_session) connect();
    Poco::Net::HTTPRequest req(method, path_of(path), Poco::Net::HTTPMessage::HTTP_1_1);
    if (!m_options.token.empty()) req.set("Authorization", "Bearer " + m_options.token);
    for (const auto& [name, value] : headers) req.set(name, value);
    if (content_length) req.setContentLength64(static_cast<Poco::Int64>(*content_length));
    return m_session->sendRequest(req);
}

void HttpClient::guarded(const std::function<void()>& exchange) {
    try {
        exchange();
    } catch (const TransientError&) {
        m_session.reset();
        throw;
    } catch (const Poco::Exception& e) {
        m_session.reset();
        throw TransientError(e.displayText());
    }
}

Response HttpClient::request(const std::string& method, const std::string& path, const Headers& headers,
                             std::string_view body, std::uint64_t* sent) {
    Response out;
    guarded([&] {
        const bool sized = !body.empty() || method == "POST" || method == "PATCH";
        std::ostream& os = send_head(method, path, headers, sized ? std::optional<std::uint64_t>(body.size()) : std::nullopt);
        os.flush();
        if (!os) throw TransientError("the connection broke while sending");
        // The body goes straight to the socket in large slices: Poco's request stream would
        // send it 4 KiB at a time (one system call each, a million per 4 GiB). The head is
        // already sent (sendRequest flushes it), and the stream checks no byte count.
        constexpr std::size_t k_slice = 256 << 10;  // the --limit-rate step
        Poco::Net::StreamSocket& socket = m_session->socket();
        for (std::size_t done = 0; done < body.size();) {
            const std::size_t n = std::min(k_slice, body.size() - done);
            m_limiter.acquire(n);
            const int wrote = socket.sendBytes(body.data() + done, static_cast<int>(n));
            if (wrote <= 0) throw TransientError("the connection broke while sending");
            done += static_cast<std::size_t>(wrote);
            if (sent) *sent += static_cast<std::uint64_t>(wrote);
        }
        read_response(*m_session, out, nullptr);
    });
    return out;
}

Response HttpClient::download(const std::string& path, const Headers& headers, const Sink& sink) {
    Response out;
    guarded([&] {
        send_head("GET", path, headers, std::nullopt);
        read_response(*m_session, out, &sink);
    });
    return out;
}

void with_retries(const ServerOptions& options, const std::string& what, const std::function<void()>& step) {
    double pause = 0.5;
    for (int attempt = 0;; ++attempt) {
        try {
            step();
            return;
        } catch (const TransientError& e) {
            if (attempt >= options.retries) throw_io_error(what + ": " + e.what());
            core::log_debug("stage", what + ": " + e.what() + "; again in " + std::to_string(pause) + " s");
            std::this_thread::sleep_for(std::chrono::duration<double>(pause));
            pause = std::min(pause * 2, 5.0);
        }
    }
}

void expect_status(const Response& r, std::initializer_list<int> expected, const std::string& what) {
    if (std::find(expected.begin(), expected.end(), r.status) != expected.end()) return;
    const std::string detail = std::to_string(r.status) + " " + r.error_text();
    if (r.status == 401)
        throw_io_error(what + ": the gateway refused the token (" + detail + ")");
    if (r.status >= 500 && r.status != 507 && r.status != 501) throw TransientError(detail);
    throw_io_error(what + ": " + detail);
}

}  // namespace plateau::stage
