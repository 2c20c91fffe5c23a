#include "gateway/data_dir_lock.hpp"

#include "core/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>

namespace plateau::gateway {
namespace {

std::string errno_text() { return std::strerror(errno); }

// The holder writes its pid right after it takes the lock: a loser that reads the file in
// between waits a moment for it.
std::string holder_text(const std::filesystem::path& file) {
    for (int i = 0; i < 20; ++i) {
        if (const auto pid = DataDirLock::recorded_pid(file)) return "pid " + std::to_string(*pid);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "pid unknown";
}

void write_pid(int fd, const std::filesystem::path& file) {
    const std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
        throw_io_error("cannot write " + file.string() + ": " + errno_text());
}

}  // namespace

DataDirLock DataDirLock::acquire(const std::filesystem::path& data_dir) {
    std::filesystem::path file = data_dir / k_file_name;
    UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd.valid()) throw_io_error("cannot open " + file.string() + ": " + errno_text());
    while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno == EWOULDBLOCK)
            throw_io_error("data directory " + data_dir.string() + " is in use by another plateau-gateway (" +
                           holder_text(file) + ", lock " + file.string() + "); stop it first, or give this one "
                           "its own --data-dir");
        throw_io_error("cannot lock " + file.string() + ": " + errno_text());
    }
    write_pid(fd.get(), file);
    return DataDirLock(std::move(file), std::move(fd));
}

std::optional<pid_t> DataDirLock::recorded_pid(const std::filesystem::path& lock_file) {
    const UniqueFd fd(::open(lock_file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!fd.valid()) return std::nullopt;
    char buffer[32];
    const ssize_t n = ::pread(fd.get(), buffer, sizeof buffer, 0);
    if (n <= 0) return std::nullopt;
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(buffer, buffer + n, pid);
    if (ec != std::errc{} || pid <= 0 || end == buffer + n || *end != '\n') return std::nullopt;
    return pid;
}

}  // namespace plateau::gateway
