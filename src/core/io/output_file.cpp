#include "core/io/output_file.hpp"

#include "core/error.hpp"
#include "core/io/write_all.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace plateau::core {
namespace {

std::string temp_name_for(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    return dir + "." + base + ".tmp-" + std::to_string(::getpid());
}

}  // namespace

bool is_gzip_path(std::string_view path) { return path.size() > 3 && path.substr(path.size() - 3) == ".gz"; }

OutputFile::OutputFile(std::string path, OutputOptions options) : m_path(std::move(path)), m_options(options) {
    if (m_path == "-") {
        m_fd = STDOUT_FILENO;
        m_direct = true;
        return;
    }
    // A device or FIFO (/dev/null, /dev/stdout, a named pipe) is written in place: renaming a
    // temporary file over it would replace the device node itself.
    struct stat st {};
    if (::stat(m_path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CLOEXEC);
        if (m_fd < 0) throw_io_error(m_path + ": cannot open output: " + std::strerror(errno));
        m_direct = true;
        return;
    }
    m_temp_path = temp_name_for(m_path);
    // Whatever is at the temporary name (a leftover, or a link or FIFO someone else put there) is
    // unlinked, never followed, truncated or blocked on; the file is then created afresh.
    ::unlink(m_temp_path.c_str());
    m_fd = ::open(m_temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
    if (m_fd < 0) throw_io_error(m_path + ": cannot create output: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
    if (m_committed || m_path == "-") return;
    if (m_fd >= 0) ::close(m_fd);
    if (!m_direct) ::unlink(m_temp_path.c_str());
}

void OutputFile::fail(const char* what) {
    const int error = errno;
    throw_io_error(m_path + ": " + what + ": " + std::strerror(error));
}

void OutputFile::write(std::string_view bytes) {
    if (!write_all(m_fd, bytes)) fail("write failed");
    m_bytes_written += bytes.size();
}

void OutputFile::commit() {
    if (m_path == "-") {
        m_committed = true;
        return;
    }
    if (m_direct) {
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0) fail("closing the output failed");
        m_committed = true;
        return;
    }
    if (m_options.mode != 0 && ::fchmod(m_fd, m_options.mode) != 0) fail("cannot set the permissions");
    if (m_options.sync && ::fsync(m_fd) != 0) fail("syncing the output failed");
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) fail("closing the output failed");
    if (std::rename(m_temp_path.c_str(), m_path.c_str()) != 0) fail("cannot rename the finished output into place");
    m_committed = true;
}

void write_file_atomically(const std::string& path, std::string_view content, OutputOptions options) {
    OutputFile out(path, options);
    out.write(content);
    out.commit();
}

}  // namespace plateau::core
