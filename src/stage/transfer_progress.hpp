// A progress line on stderr while bytes travel: "name: 1.2 GiB / 4.0 GiB (30%), 410 MiB/s",
// redrawn in place on a terminal (every 0.25 s), a line every 5 s otherwise (--progress), never
// with --quiet. A thread of its own samples a counter, so upload threads never wait on it.
#pragma once

#include "core/progress.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace plateau::stage {

class TransferProgress {
public:
    TransferProgress(core::ProgressMode mode, std::uint64_t total, std::function<std::uint64_t()> done);
    ~TransferProgress();
    TransferProgress(const TransferProgress&) = delete;
    TransferProgress& operator=(const TransferProgress&) = delete;
    void set_label(const std::string& label);
    void finish();

private:
    void draw(bool final);
    void loop();
    bool m_enabled = false;
    bool m_terminal = false;
    std::uint64_t m_total = 0;
    std::function<std::uint64_t()> m_done;
    double m_start = 0;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::string m_label;
    bool m_stop = false;
    std::thread m_thread;
};

// "1.5 GiB", "320.0 MiB", "12 B".
[[nodiscard]] std::string human_bytes(double bytes);

}  // namespace plateau::stage
