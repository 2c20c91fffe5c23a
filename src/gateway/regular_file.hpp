// Reading files that a job could have replaced: a job's command runs inside its job directory
// and can leave FIFOs, devices or symbolic links where the gateway expects its own small files.
// These helpers never block on open (O_NONBLOCK), never follow a final symbolic link
// (O_NOFOLLOW) and read only regular files, and only up to a byte limit.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace plateau::gateway {

// Up to `max_bytes` from the current offset of `fd` (stops early at end of file or on an error).
[[nodiscard]] std::string read_up_to(int fd, std::size_t max_bytes);

// The first `max_bytes` of the regular file at `path`; nullopt when it is absent, unreadable, a
// symbolic link, or anything but a regular file.
[[nodiscard]] std::optional<std::string> read_regular_file(const std::filesystem::path& path, std::size_t max_bytes);

enum class WriteMode { replace, append };

// Writes `text` to the regular file at `path` (created if absent), replacing or appending;
// false, without blocking, when the path is a FIFO, a symbolic link, anything but a regular
// file, or the write fails.
bool write_regular_file(const std::filesystem::path& path, const std::string& text, WriteMode mode);

}  // namespace plateau::gateway
