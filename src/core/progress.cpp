#include "core/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace plateau::core {

Progress::Progress(ProgressMode mode, std::string unit)
    : m_terminal(::isatty(STDERR_FILENO) != 0), m_unit(std::move(unit)), m_start(std::chrono::steady_clock::now()),
      m_last_draw(m_start) {
    m_enabled = mode == ProgressMode::always || (mode == ProgressMode::automatic && m_terminal);
}

void Progress::update(std::uint64_t done) {
    m_done = done;
    if (!m_enabled) return;
    auto now = std::chrono::steady_clock::now();
    auto interval = m_terminal ? std::chrono::milliseconds(250) : std::chrono::milliseconds(5000);
    if (now - m_last_draw < interval) return;
    m_last_draw = now;
    draw(done, false);
}

void Progress::finish() {
    if (m_enabled) draw(m_done, true);
}

void Progress::draw(std::uint64_t done, bool final) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    std::fprintf(stderr, "%s[plateau] %llu %s, %.1f s, %.0f %s/s%s", m_terminal ? "\r" : "",
                 static_cast<unsigned long long>(done), m_unit.c_str(), seconds, rate, m_unit.c_str(),
                 (final || !m_terminal) ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace plateau::core
