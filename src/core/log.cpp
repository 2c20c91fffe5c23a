#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <string>

namespace plateau::core {
namespace {
// The single allowed mutable global: the verbosity chosen once by main (as minimap2's mm_verbose).
std::atomic<int> g_log_level{static_cast<int>(LogLevel::info)};

constexpr std::string_view level_name(LogLevel level) {
    switch (level) {
    case LogLevel::error: return "error";
    case LogLevel::warn: return "warning";
    case LogLevel::info: return "info";
    case LogLevel::debug: return "debug";
    }
    return "?";
}
}  // namespace

void set_log_level(LogLevel level) { g_log_level.store(static_cast<int>(level)); }
LogLevel log_level() { return static_cast<LogLevel>(g_log_level.load()); }

void log(LogLevel level, std::string_view module, std::string_view message) {
    if (static_cast<int>(level) > g_log_level.load()) return;
    std::string line;
    line.reserve(message.size() + module.size() + 32);
    line.append("[plateau::").append(module).append("] ");
    if (level != LogLevel::info) line.append(level_name(level)).append(": ");
    line.append(message).push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace plateau::core
