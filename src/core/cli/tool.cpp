#include "core/cli/tool.hpp"

#include "core/resource_usage.hpp"
#include "core/version.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <map>

namespace plateau::core::cli {
namespace {

const std::map<std::string, LogLevel> k_log_levels = {
    {"error", LogLevel::error}, {"warn", LogLevel::warn}, {"info", LogLevel::info}, {"debug", LogLevel::debug}};

void print_error(const ToolSpec& spec, const char* message) { std::fprintf(stderr, "%s: error: %s\n", spec.name.c_str(), message); }

std::string summary_line(const std::string& tool_summary, double wall_seconds) {
    const ResourceUsage usage = current_resource_usage();
    char times[160];
    std::snprintf(times, sizeof times, "%.2f s wall, %.2f s CPU, %.0f MB peak RSS", wall_seconds, usage.cpu_seconds,
                  usage.peak_rss_mb);
    return tool_summary.empty() ? std::string(times) : tool_summary + "; " + times;
}

// Applies the common flags after parsing.
void settle(RunContext& run, bool quiet, bool progress, const std::string& log_level) {
    run.log_level = quiet ? LogLevel::error : k_log_levels.at(log_level);
    run.progress = quiet ? ProgressMode::never : progress ? ProgressMode::always : ProgressMode::automatic;
    set_log_level(run.log_level);
}

}  // namespace

int exit_status(ErrorCode code) { return code == ErrorCode::Usage ? k_exit_usage : k_exit_failure; }

std::string join_command_line(int argc, const char* const* argv) {
    std::string command;
    for (int i = 0; i < argc; ++i) {
        if (i > 0) command += ' ';
        command += argv[i];
    }
    return command;
}

void add_common_flags(CLI::App& app, const ToolSpec& spec, RunContext& run, bool& quiet, bool& progress,
                      std::string& log_level) {
    const char* g = "Run";
    app.set_version_flag(spec.version_flag, spec.name + " " + k_version);
    app.add_option(spec.threads_flag, run.threads, "Worker threads")->capture_default_str()->group(g);
    app.add_flag("--progress", progress, "Report progress on stderr even when it is not a terminal")->group(g);
    auto* q = app.add_flag("--quiet", quiet, "Only print errors")->group(g);
    app.add_option("--log-level", log_level, "Messages on stderr: error, warn, info or debug")
        ->check(CLI::IsMember(k_log_levels))
        ->excludes(q)
        ->capture_default_str()
        ->group(g);
}

int run_tool(int argc, char** argv, const ToolSpec& spec, const DefineFlags& define, const ToolBody& body) {
    const auto start = std::chrono::steady_clock::now();
    CLI::App app{spec.description, spec.name};
    app.footer(spec.footer);
    RunContext run;
    run.threads = spec.default_threads;
    bool quiet = false, progress = false;
    std::string log_level = "info";
    define(app);
    add_common_flags(app, spec, run, quiet, progress, log_level);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = app.exit(e);  // prints help, the version, or the parse error
        return status == 0 ? k_exit_ok : k_exit_usage;
    }
    settle(run, quiet, progress, log_level);
    run.command_line = join_command_line(argc, argv);
    // At debug level: a run that fails prints exactly one line, its error (tests/containers/image.sh).
    log_debug(spec.module, std::string(spec.name) + " " + k_version + " started: " + run.command_line);
    try {
        const std::string summary = body(run);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        log_info(spec.module, std::string(spec.name) + " " + k_version + " done: " + summary_line(summary, wall));
        return k_exit_ok;
    } catch (const Error& e) {
        print_error(spec, e.what());
        return exit_status(e.code());
    } catch (const std::exception& e) {
        print_error(spec, e.what());
        return k_exit_failure;
    }
}

}  // namespace plateau::core::cli
