// Progress reporting on stderr for long runs. Redraws one line when stderr is a terminal;
// otherwise, when forced on (--progress), prints a line every few seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace plateau::core {

enum class ProgressMode { automatic, always, never };

class Progress {
public:
    Progress(ProgressMode mode, std::string unit);
    void update(std::uint64_t done);  // cheap when nothing needs drawing
    void finish();

private:
    void draw(std::uint64_t done, bool final);
    bool m_enabled = false;
    bool m_terminal = false;
    std::string m_unit;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last_draw;
    std::uint64_t m_done = 0;
};

}  // namespace plateau::core
