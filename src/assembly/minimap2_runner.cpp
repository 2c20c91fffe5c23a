// minimap2 as a subprocess (minimap2_runner.hpp): posix_spawnp with stdout on a pipe and stderr
// in a temporary file, so that a failure can be reported with minimap2's own message.
#include "assembly/minimap2_runner.hpp"

#include "core/error.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace plateau::assembly {

namespace {

std::string last_line_of(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line)) {
        if (!line.empty()) last = line;
    }
    return last;
}

std::string read_all(int fd) {
    std::string out;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, std::size_t(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    return out;
}

}  // namespace

std::string run_minimap2(const std::string& binary, const std::string& reference, const std::string& contigs,
                         int threads) {
    // QUAST 5.2's command for --min-identity 95 (quast_libs/ca_utils/align_contigs.py), without
    // its -N 50 secondary alignments (only primary and supplementary ones are used here).
    std::vector<std::string> args = {binary, "-c", "--cs", "-x", "asm10", "-B5", "-O4,16", "--no-long-join",
                                     "-r", "200", "-s", "65", "-z", "200", "--mask-level", "0.9",
                                     "--min-occ", "200", "-g", "2500", "--score-N", "2", "--secondary=no",
                                     "-t", std::to_string(threads), reference, contigs};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    char err_path[] = "/tmp/plateau-minimap2-XXXXXX";
    const int err_fd = ::mkstemp(err_path);
    if (err_fd < 0) throw_io_error(std::string("cannot create a temporary file: ") + std::strerror(errno));
    ::unlink(err_path);
    int out_pipe[2];
    if (::pipe(out_pipe) != 0) throw_io_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    if (rc != 0) {
        ::close(out_pipe[0]);
        ::close(err_fd);
        throw Error(ErrorCode::Unsupported, binary + ": cannot be run (" + std::strerror(rc) +
                                                "); install Debian's minimap2 or give --minimap2 or --paf");
    }
    std::string paf = read_all(out_pipe[0]);
    ::close(out_pipe[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    std::string message;
    {
        std::ostringstream path;
        path << "/proc/self/fd/" << err_fd;
        message = last_line_of(path.str());
    }
    ::close(err_fd);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw_input_error(binary + " failed on " + contigs + " against " + reference + ": " + message);
    return paf;
}

}  // namespace plateau::assembly
