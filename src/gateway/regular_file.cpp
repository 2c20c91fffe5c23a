#include "gateway/regular_file.hpp"

#include "core/io/unique_fd.hpp"
#include "core/io/write_all.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace plateau::gateway {

using core::UniqueFd;

std::string read_up_to(int fd, std::size_t max_bytes) {
    std::string text;
    char buffer[65536];
    while (text.size() < max_bytes) {
        const std::size_t wanted = std::min(sizeof buffer, max_bytes - text.size());
        const ssize_t n = ::read(fd, buffer, wanted);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

std::optional<std::string> read_regular_file(const std::filesystem::path& path, std::size_t max_bytes) {
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
    if (!fd.valid()) return std::nullopt;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return read_up_to(fd.get(), max_bytes);
}

bool write_regular_file(const std::filesystem::path& path, const std::string& text, WriteMode mode) {
    const int how = mode == WriteMode::append ? O_APPEND : O_TRUNC;
    const UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | how | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0644));
    struct stat st {};
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    return core::write_all(fd.get(), text);
}

}  // namespace plateau::gateway
