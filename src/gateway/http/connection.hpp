// One client connection: its socket, the bytes received and not yet used, and the timing the
// reactor enforces. Owned by the reactor while it waits for a request head, by a worker while
// a request is served, never by both.
#pragma once

#include "core/io/unique_fd.hpp"

#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway::http {

using core::UniqueFd;

using Clock = std::chrono::steady_clock;

class Connection {
public:
    Connection(UniqueFd fd, Poco::Net::SocketAddress peer, Poco::Net::SocketAddress local)
        : m_fd(std::move(fd)), m_peer(std::move(peer)), m_local(std::move(local)), m_peer_host(m_peer.host().toString()) {}

    [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
    [[nodiscard]] const Poco::Net::SocketAddress& peer() const noexcept { return m_peer; }
    [[nodiscard]] const Poco::Net::SocketAddress& local() const noexcept { return m_local; }
    [[nodiscard]] const std::string& peer_host() const noexcept { return m_peer_host; }

    // Received bytes not yet used.
    [[nodiscard]] std::string_view pending() const noexcept { return {m_input.data() + m_used, m_end - m_used}; }
    void consume(std::size_t bytes);
    // Receives what the socket has (non-blocking) into pending(), at most `limit` bytes (fewer
    // while the buffer is small).
    // Returns the bytes received, 0 at end of stream, -1 when nothing is there yet; throws on errors.
    [[nodiscard]] long receive(std::size_t limit);
    // Waits (poll) until readable or `deadline`, then receives; 0 at end of stream. Throws
    // HttpError 408 at the deadline.
    std::size_t receive_before(Clock::time_point until, std::size_t limit);
    // Waits until readable or `deadline` and receives into `out` (bypassing pending(), which the
    // caller has emptied); 0 at end of stream. Throws HttpError 408 at the deadline.
    std::size_t read_before(char* out, std::size_t size, Clock::time_point until);
    // Sends all of `data`, waiting for the socket at most until `until`; throws on failure.
    void send_before(std::string_view data, Clock::time_point until) const;
    // The same for several pieces in order, gathered into as few system calls as possible.
    void send_before(std::vector<std::string_view> pieces, Clock::time_point until) const;
    // Releases buffer memory held from a large request once it has been used.
    void trim_buffer();

    // Reactor bookkeeping.
    Clock::time_point deadline{};      // when the reactor gives up on this connection
    Clock::time_point idle_since{};    // last time a request ended (or the connection opened)
    std::size_t head_scanned = 0;      // how far find_head_end has looked into pending()
    bool head_started = false;         // bytes of a request head have come
    bool closing = false;              // answered and shut for writing: read and drop until EOF
    std::size_t accounted_bytes = 0;   // pending() bytes counted in the reactor's head budget

private:
    UniqueFd m_fd;
    Poco::Net::SocketAddress m_peer;
    Poco::Net::SocketAddress m_local;
    std::string m_peer_host;
    std::vector<char> m_input;  // bytes [m_used, m_end) are pending; grown, never zero-filled per read
    std::size_t m_used = 0;
    std::size_t m_end = 0;
};

}  // namespace plateau::gateway::http
