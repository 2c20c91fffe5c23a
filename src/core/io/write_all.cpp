#include "core/io/write_all.hpp"

#include <unistd.h>

#include <cerrno>

namespace plateau::core {

bool write_all(int fd, std::string_view bytes, std::size_t* written) noexcept {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (written != nullptr) *written = done;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    if (written != nullptr) *written = done;
    return true;
}

}  // namespace plateau::core
