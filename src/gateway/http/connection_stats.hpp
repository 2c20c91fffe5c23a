// What the HTTP front end counts about connections, for /metrics: written by the reactor and
// the workers (relaxed atomics), read when metrics are rendered.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace plateau::gateway::http {

struct ConnectionStats {
    // Statuses the front end answers itself, before any handler runs (the last slot, 0: any other).
    static constexpr std::array<int, 8> k_refusal_statuses{400, 408, 414, 431, 501, 503, 505, 0};

    std::atomic<std::int64_t> open{0};
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> rejected{0};   // closed on arrival: the caps were reached and nothing could make room
    std::atomic<std::uint64_t> evicted{0};    // idle connections closed to make room for new ones
    std::atomic<std::uint64_t> idle_closed{0};  // closed at the header or keep-alive deadline without a request
    std::array<std::atomic<std::uint64_t>, k_refusal_statuses.size()> refused{};

    void count_refusal(int status) noexcept {
        std::size_t slot = k_refusal_statuses.size() - 1;
        for (std::size_t i = 0; i + 1 < k_refusal_statuses.size(); ++i)
            if (k_refusal_statuses[i] == status) slot = i;
        refused[slot].fetch_add(1, std::memory_order_relaxed);
    }
};

}  // namespace plateau::gateway::http
