#include "core/cli/tool.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#define TEST_GROUP "[core][cli]"

namespace cli = plateau::core::cli;

namespace {

// Runs run_tool on `args` with one tool flag (--in) and the given body.
int run(std::vector<std::string> args, const cli::ToolBody& body, cli::RunContext* seen = nullptr) {
    args.insert(args.begin(), "plateau-test");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::string in;
    cli::ToolSpec spec;
    spec.name = "plateau-test";
    spec.module = "test";
    spec.default_threads = 3;
    const int status = cli::run_tool(
        static_cast<int>(argv.size()), argv.data(), spec, [&](CLI::App& app) { app.add_option("--in", in); },
        [&](const cli::RunContext& run) {
            if (seen) *seen = run;
            return body(run);
        });
    plateau::core::set_log_level(plateau::core::LogLevel::info);
    return status;
}

std::string ok_body(const cli::RunContext&) { return "done"; }

}  // namespace

TEST_CASE("run_tool: the exit status comes from the error's kind", TEST_GROUP) {
    CHECK(run({"--quiet"}, ok_body) == 0);
    CHECK(run({"--quiet"}, [](const cli::RunContext&) -> std::string { plateau::throw_usage_error("--in is required"); }) == 2);
    CHECK(run({"--quiet"}, [](const cli::RunContext&) -> std::string { plateau::throw_input_error("x.fq: record 3"); }) == 1);
    CHECK(run({"--quiet"}, [](const cli::RunContext&) -> std::string { plateau::throw_io_error("disk full"); }) == 1);
    CHECK(run({"--quiet"}, [](const cli::RunContext&) -> std::string { throw std::runtime_error("boom"); }) == 1);
    CHECK(cli::exit_status(plateau::ErrorCode::Usage) == 2);
    CHECK(cli::exit_status(plateau::ErrorCode::InvalidInput) == 1);
}

TEST_CASE("run_tool: command-line parse errors are usage errors, --help and --version succeed", TEST_GROUP) {
    bool ran = false;
    const auto body = [&](const cli::RunContext&) {
        ran = true;
        return std::string();
    };
    CHECK(run({"--no-such-flag"}, body) == 2);
    CHECK(run({"--threads", "many"}, body) == 2);
    CHECK(run({"--log-level", "loud"}, body) == 2);
    CHECK(run({"--quiet", "--log-level", "debug"}, body) == 2);  // mutually exclusive
    CHECK(run({"--version"}, body) == 0);
    CHECK(run({"--help"}, body) == 0);
    CHECK_FALSE(ran);
}

TEST_CASE("run_tool: common flags reach the body", TEST_GROUP) {
    cli::RunContext seen;
    REQUIRE(run({"--in", "a.fq", "--quiet"}, ok_body, &seen) == 0);
    CHECK(seen.threads == 3);  // the tool's default
    CHECK(seen.progress == plateau::core::ProgressMode::never);
    CHECK(seen.log_level == plateau::core::LogLevel::error);
    CHECK(seen.command_line == "plateau-test --in a.fq --quiet");
    REQUIRE(run({"-t", "5", "--progress", "--log-level", "warn"}, ok_body, &seen) == 0);
    CHECK(seen.threads == 5);
    CHECK(seen.progress == plateau::core::ProgressMode::always);
    CHECK(seen.log_level == plateau::core::LogLevel::warn);
}
