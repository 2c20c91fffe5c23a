// The shell every plateau-<tool> main runs in: the common flags, parsing, logging of the version
// and command line, the mapping from error kinds to exit statuses, and the end-of-run summary.
// A tool's main only declares its own flags (with its peer's spellings) and calls its library:
//
//     int main(int argc, char** argv) {
//         ToolOptions options;
//         core::cli::ToolSpec spec{"plateau-x", "What x does.", "Examples: ..."};
//         return core::cli::run_tool(argc, argv, spec,
//             [&](CLI::App& app) { add_x_options(app, options); },
//             [&](const core::cli::RunContext& run) { x::validate(options); ...; return "N records"; });
//     }
//
// Exit statuses (decided from plateau::ErrorCode, not from where the error was caught):
//   0 success; 2 usage errors (ErrorCode::Usage, and command-line parse errors); 1 everything else
//   (bad input data, I/O, resources, internal errors, any other exception).
#pragma once

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace plateau::core::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1;  // input data, I/O and runtime errors
inline constexpr int k_exit_usage = 2;    // invalid options

/// The exit status for an error of this kind.
[[nodiscard]] int exit_status(ErrorCode code);

struct ToolSpec {
    std::string name;         // "plateau-qc": program name, error prefix
    std::string module;       // "qc": log prefix "[plateau::qc]"
    std::string description;  // --help's first paragraph
    std::string footer;       // --help's last paragraph (examples, exit statuses)
    // Spellings of the common flags; a tool adds its peer's short forms here ("-w,--threads").
    std::string threads_flag = "-t,--threads";
    std::string version_flag = "-V,--version";
    int default_threads = 2;
};

/// What the common flags set, handed to the tool's body.
struct RunContext {
    int threads = 2;
    core::ProgressMode progress = core::ProgressMode::automatic;  // --quiet: never; --progress: always
    core::LogLevel log_level = core::LogLevel::info;
    std::string command_line;  // argv joined by spaces, for the run envelope
};

/// Adds --threads, --quiet, --progress, --log-level and --version (group "Run") to `app`.
void add_common_flags(CLI::App& app, const ToolSpec& spec, RunContext& run, bool& quiet, bool& progress,
                      std::string& log_level);

/// argv joined by single spaces.
[[nodiscard]] std::string join_command_line(int argc, const char* const* argv);

/// Declares the tool's own flags on the app.
using DefineFlags = std::function<void(CLI::App&)>;
/// The tool's run: throws plateau::Error on failure; returns a one-line summary ("N reads in, M
/// passed") that the shell completes with wall time, CPU time and peak memory.
using ToolBody = std::function<std::string(const RunContext&)>;

/// Parses, sets the log level, logs "<tool> <version> started: <command line>" (debug: a failed run
/// prints one line, its error), runs `body`, logs "<tool> <version> done: <summary>; wall, CPU,
/// peak RSS" (info), and maps errors to exit statuses with one "<tool>: error: ..." line.
[[nodiscard]] int run_tool(int argc, char** argv, const ToolSpec& spec, const DefineFlags& define, const ToolBody& body);

}  // namespace plateau::core::cli
