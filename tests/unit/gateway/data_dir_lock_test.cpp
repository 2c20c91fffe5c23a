#include "core/error.hpp"
#include "gateway/data_dir_lock.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <optional>

using namespace plateau::gateway;
using plateau::gateway::test::TempDir;

#define TEST_GROUP "[gateway][data_dir_lock]"

extern char** environ;

TEST_CASE("data_dir_lock: one holder at a time, named by its pid in the refusal (issue 8)", TEST_GROUP) {
    TempDir dir;
    const auto file = dir.path() / DataDirLock::k_file_name;
    {
        const DataDirLock held = DataDirLock::acquire(dir.path());
        CHECK(held.file() == file);
        CHECK(DataDirLock::recorded_pid(file) == std::optional<pid_t>(::getpid()));
        // flock is per open file description: a second open, even in this process, is refused.
        CHECK_THROWS_WITH(DataDirLock::acquire(dir.path()),
                          Catch::Contains("is in use by another plateau-gateway (pid " + std::to_string(::getpid()) + ","));
    }
    // Released with its descriptor (and by the kernel when a holder dies): the next one gets it.
    std::ofstream(file) << "999999\n";  // a dead holder's pid is overwritten
    const DataDirLock again = DataDirLock::acquire(dir.path());
    CHECK(DataDirLock::recorded_pid(file) == std::optional<pid_t>(::getpid()));
}

TEST_CASE("data_dir_lock: a child process (a job) does not inherit the lock", TEST_GROUP) {
    TempDir dir;
    pid_t child = -1;
    {
        const DataDirLock held = DataDirLock::acquire(dir.path());
        char sleep_name[] = "sleep";
        char seconds[] = "30";
        char* argv[] = {sleep_name, seconds, nullptr};
        REQUIRE(::posix_spawnp(&child, "sleep", nullptr, nullptr, argv, environ) == 0);
    }
    // The gateway is gone, its job still runs: a new gateway must be able to start.
    std::optional<DataDirLock> next;
    CHECK_NOTHROW(next.emplace(DataDirLock::acquire(dir.path())));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
}

TEST_CASE("data_dir_lock: unreadable or garbled pid files read as no pid", TEST_GROUP) {
    TempDir dir;
    const auto file = dir.path() / "lock";
    CHECK_FALSE(DataDirLock::recorded_pid(file));
    for (const char* text : {"", "abc\n", "12", "-5\n", "0\n", "12x\n"}) {
        CAPTURE(text);
        std::ofstream(file, std::ios::trunc) << text;
        CHECK_FALSE(DataDirLock::recorded_pid(file));
    }
    std::ofstream(file, std::ios::trunc) << "4242\n";
    CHECK(DataDirLock::recorded_pid(file) == std::optional<pid_t>(4242));
}
