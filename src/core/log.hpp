// Levelled logging to stderr with a "[plateau::<module>]" prefix. The level is set once in main.
#pragma once

#include <string_view>

namespace plateau::core {

enum class LogLevel { error = 0, warn = 1, info = 2, debug = 3 };

void set_log_level(LogLevel level);
[[nodiscard]] LogLevel log_level();

void log(LogLevel level, std::string_view module, std::string_view message);
inline void log_error(std::string_view module, std::string_view m) { log(LogLevel::error, module, m); }
inline void log_warn(std::string_view module, std::string_view m) { log(LogLevel::warn, module, m); }
inline void log_info(std::string_view module, std::string_view m) { log(LogLevel::info, module, m); }
inline void log_debug(std::string_view module, std::string_view m) { log(LogLevel::debug, module, m); }

}  // namespace plateau::core
