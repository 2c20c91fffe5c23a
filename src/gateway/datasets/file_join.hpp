// Moving bytes between files without passing them through the gateway where the kernel allows:
// concatenating partial uploads (FICLONERANGE shares extents on btrfs/XFS when offsets are
// block-aligned; copy_file_range copies in the kernel, or reflinks, elsewhere; a read/write loop
// is the last resort, so every byte is copied at most once), and placing a dataset into a job
// directory (a reflink, else a hard link, else a copy).
#pragma once

#include <cstdint>
#include <string>

namespace plateau::gateway {

enum class JoinMethod { clone, copy_file_range, read_write };

// Appends the first `size` bytes of `in_fd` to `out_fd` at `out_offset`. Returns the fastest
// method that served every byte. Throws plateau::Error(Io) naming `what`.
JoinMethod append_file(int out_fd, std::uint64_t out_offset, int in_fd, std::uint64_t size, const std::string& what);

enum class PlaceMethod { reflink, hard_link, copy };

// Creates `name` in `dir_fd` with the content of the file at `source` (an absolute path). The
// name must not exist. Throws plateau::Error(Io).
PlaceMethod place_file(const std::string& source, int dir_fd, const std::string& name);

[[nodiscard]] const char* to_string(JoinMethod method);
[[nodiscard]] const char* to_string(PlaceMethod method);

}  // namespace plateau::gateway
