// One gateway per data directory: an exclusive flock(2) on <data_dir>/gateway.lock, held for the
// life of the process, with the holder's pid written into the file. A second gateway on the same
// directory would recover (and launch again) the first one's queued jobs, so it must not start.
// The kernel drops the lock when the holder dies, kill -9 included: nothing stale is left.
#pragma once

#include "core/io/unique_fd.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>

namespace plateau::gateway {

using core::UniqueFd;

class DataDirLock {
public:
    static constexpr const char* k_file_name = "gateway.lock";

    // Takes the lock without waiting. Throws plateau::Error(Io) when another process holds it
    // ("... is in use by another plateau-gateway (pid N) ..."), or when the file cannot be
    // opened, locked or written. The descriptor is close-on-exec: jobs never inherit the lock.
    [[nodiscard]] static DataDirLock acquire(const std::filesystem::path& data_dir);

    // The pid written in `lock_file` (the holder's, while it is held); nullopt if none.
    [[nodiscard]] static std::optional<pid_t> recorded_pid(const std::filesystem::path& lock_file);

    [[nodiscard]] const std::filesystem::path& file() const { return m_file; }

private:
    DataDirLock(std::filesystem::path file, UniqueFd fd) : m_file(std::move(file)), m_fd(std::move(fd)) {}
    std::filesystem::path m_file;
    UniqueFd m_fd;
};

}  // namespace plateau::gateway
