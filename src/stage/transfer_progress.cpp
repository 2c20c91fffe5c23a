#include "stage/transfer_progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace plateau::stage {
namespace {

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string human_bytes(double bytes) {
    static constexpr const char* k_units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 5) {
        bytes /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, k_units[unit]);
    return text;
}

TransferProgress::TransferProgress(core::ProgressMode mode, std::uint64_t total, std::function<std::uint64_t()> done)
    : m_terminal(::isatty(STDERR_FILENO) != 0), m_total(total), m_done(std::move(done)), m_start(now_seconds()) {
    m_enabled = mode == core::ProgressMode::always || (mode == core::ProgressMode::automatic && m_terminal);
    if (m_enabled) m_thread = std::thread([this] { loop(); });
}

TransferProgress::~TransferProgress() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void TransferProgress::set_label(const std::string& label) {
    std::lock_guard lock(m_mutex);
    m_label = label;
}

void TransferProgress::loop() {
    const auto interval = m_terminal ? std::chrono::milliseconds(250) : std::chrono::milliseconds(5000);
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, interval, [this] { return m_stop; })) draw(false);
}

void TransferProgress::finish() {
    {
        std::lock_guard lock(m_mutex);
        if (m_stop) return;
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
    if (m_enabled) draw(true);
}

void TransferProgress::draw(bool final) {
    const double done = static_cast<double>(m_done());
    const double seconds = now_seconds() - m_start;
    const double percent = m_total > 0 ? 100.0 * done / static_cast<double>(m_total) : 100.0;
    std::fprintf(stderr, "%splateau-stage: %s: %s / %s (%.0f%%), %s/s%s", m_terminal ? "\r\033[K" : "", m_label.c_str(),
                 human_bytes(done).c_str(), human_bytes(static_cast<double>(m_total)).c_str(), percent,
                 human_bytes(seconds > 0 ? done / seconds : 0).c_str(), (final || !m_terminal) ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace plateau::stage
