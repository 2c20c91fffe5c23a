// What the HTTP front end allows its clients: time to send a head or a body, connections at
// once, request sizes. Defaults live here; GatewayConfig reads them from server.* keys and
// docs/gateway.md says why each is what it is.
#pragma once

#include "gateway/http/request_head.hpp"

#include <chrono>
#include <cstdint>

namespace plateau::gateway::http {

struct IoTimeouts {
    std::chrono::seconds header{10};      // a whole request head, from its first byte (or from accept)
    std::chrono::seconds keep_alive{15};  // an idle kept-alive connection between requests
    std::chrono::seconds body{60};        // the longest pause while a body is received
    std::chrono::seconds send{60};        // the longest pause while the client reads a response
    std::uint64_t min_body_rate = 1024;   // bytes/s over the whole body once `body` seconds have passed; 0: off
};

struct ServerLimits {
    int workers = 64;                        // requests served at once
    int max_queued = 256;                    // complete requests waiting for a worker; more get 503
    int max_connections = 10000;             // open at once (lowered to fit RLIMIT_NOFILE)
    int max_connections_per_address = 256;   // from one client address
    std::size_t max_buffered_heads = 256u << 20;  // bytes of incomplete heads held, all connections together
    IoTimeouts timeouts;
    HeadLimits head;
};

}  // namespace plateau::gateway::http
