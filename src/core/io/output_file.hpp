// OutputFile: the one atomic output. Writes go to a new file under a temporary name next to the
// destination (".<name>.tmp-<pid>", created exclusively), every write is checked, and commit() flushes (fsync unless told not to),
// closes and renames the file into place; when commit() is not reached (an error, an exception)
// the temporary file is removed, so a failed run never leaves a file that looks complete.
// "-" writes to stdout (nothing to rename). An existing path that is not a regular file or a
// folder (/dev/null, /dev/stdout, a FIFO) is written in place, never replaced.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace plateau::core {

[[nodiscard]] bool is_gzip_path(std::string_view path);

struct OutputOptions {
    // fsync before the rename: state files that must survive a crash (the gateway's). Stream
    // outputs of the tools skip it, as their peers (fastp) do; a crash loses the run anyway.
    bool sync = true;
    // Permission bits of the final file, applied with fchmod (not reduced by the umask).
    // 0: 0666 reduced by the umask, as for any new file.
    mode_t mode = 0;
};

class OutputFile {
public:
    explicit OutputFile(std::string path, OutputOptions options = {});  // "-" writes to stdout
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();  // removes the temporary file unless commit() succeeded

    void write(std::string_view bytes);  // throws plateau::Error on a failed write
    void commit();                       // syncs, closes and renames to the final name
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::uint64_t bytes_written() const { return m_bytes_written; }

private:
    [[noreturn]] void fail(const char* what);
    std::string m_path;
    std::string m_temp_path;
    OutputOptions m_options;
    int m_fd = -1;
    bool m_committed = false;
    bool m_direct = false;  // stdout, a device or a FIFO: written in place, nothing to rename
    std::uint64_t m_bytes_written = 0;
};

/// Replaces the file at `path` with `content` atomically (OutputFile: write, sync, rename).
void write_file_atomically(const std::string& path, std::string_view content, OutputOptions options = {});

}  // namespace plateau::core
