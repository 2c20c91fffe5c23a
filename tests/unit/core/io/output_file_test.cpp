#include "support/temp_dir.hpp"
#include "core/error.hpp"
#include "core/io/unique_fd.hpp"
#include "core/io/write_all.hpp"
#include "core/io/output_file.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iterator>

using plateau::test::TempDir;

TEST_CASE("OutputFile: nothing appears under the final name until commit", "[core][io]") {
    TempDir dir;
    const std::string path = dir.file("out.txt");
    {
        plateau::core::OutputFile out(path);
        out.write("partial");
        CHECK_FALSE(std::filesystem::exists(path));
    }  // destroyed without commit: an aborted run
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(std::filesystem::is_empty(dir.path()));  // the temporary file is gone too
    {
        plateau::core::OutputFile out(path);
        out.write("complete\n");
        out.commit();
    }
    CHECK(plateau::test::read_text(path) == "complete\n");
}

TEST_CASE("OutputFile: a FIFO or device is written in place, never replaced", "[core][io]") {
    // Renaming a temporary file over /dev/null (-o /dev/null) turned the device into a regular
    // file for every process on the machine. The same code path, tested on a FIFO of our own:
    struct stat st {};
    TempDir dir;
    const std::string fifo = dir.file("fifo");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    {
        plateau::core::OutputFile out(fifo);
        out.write("through the pipe");
        out.commit();
    }
    char buffer[32] = {};
    CHECK(::read(reader, buffer, sizeof buffer) == 16);
    ::close(reader);
    REQUIRE(::stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("OutputFile: an unwritable destination is an error naming it", "[core][io]") {
    CHECK_THROWS_WITH(plateau::core::OutputFile("/nonexistent-dir/x.fq"), Catch::Contains("/nonexistent-dir/x.fq"));
}

TEST_CASE("OutputFile: a failed write is an error naming the file and nothing is left", "[core][io]") {
    TempDir dir;
    const std::string path = dir.file("full.txt");
    {
        plateau::core::OutputFile out(path);
        // Writing to a read-only descriptor fails like a full disk would: close the temporary
        // file's descriptor number and reopen it read-only under the same number.
        const std::string temp = (dir.path() / (".full.txt.tmp-" + std::to_string(::getpid()))).string();
        REQUIRE(std::filesystem::exists(temp));
        for (int fd = 3; fd < 1024; ++fd) {
            char link[64];
            std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
            std::error_code ec;
            if (std::filesystem::read_symlink(link, ec) == temp) {
                const int ro = ::open(temp.c_str(), O_RDONLY);
                REQUIRE(ro >= 0);
                REQUIRE(::dup2(ro, fd) == fd);
                ::close(ro);
                break;
            }
        }
        CHECK_THROWS_WITH(out.write("data"), Catch::Contains(path) && Catch::Contains("write failed"));
    }
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("write_file_atomically: replaces the content and applies the mode", "[core][io]") {
    TempDir dir;
    const std::string path = dir.file("state.json");
    plateau::test::write_text(path, "old");
    plateau::core::write_file_atomically(path, "new\n", {.sync = true, .mode = 0600});
    CHECK(plateau::test::read_text(path) == "new\n");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("write_all: writes everything through a pipe and reports a closed reader", "[core][io]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    plateau::core::UniqueFd reader(fds[0]), writer(fds[1]);
    const std::string payload(30000, 'x');  // fits in a pipe buffer
    REQUIRE(plateau::core::write_all(writer.get(), payload));
    std::string got(payload.size(), '\0');
    std::size_t have = 0;
    while (have < got.size()) {
        const ssize_t n = ::read(reader.get(), got.data() + have, got.size() - have);
        REQUIRE(n > 0);
        have += static_cast<std::size_t>(n);
    }
    CHECK(got == payload);
    reader.reset();
    ::signal(SIGPIPE, SIG_IGN);
    std::size_t written = 99;
    CHECK_FALSE(plateau::core::write_all(writer.get(), "more", &written));
    CHECK(errno == EPIPE);
    CHECK(written == 0);
}

TEST_CASE("UniqueFd: closes once, moves ownership, release gives it up", "[core][io]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    plateau::core::UniqueFd a(fds[0]);
    plateau::core::UniqueFd b(std::move(a));
    CHECK_FALSE(a.valid());
    CHECK(b.get() == fds[0]);
    CHECK(b.close());
    CHECK(::fcntl(fds[0], F_GETFD) == -1);  // closed
    plateau::core::UniqueFd c(fds[1]);
    const int raw = c.release();
    CHECK_FALSE(c.valid());
    CHECK(::fcntl(raw, F_GETFD) != -1);  // still open
    ::close(raw);
}
