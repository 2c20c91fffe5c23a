#include "core/io/output_file.hpp"

#include "core/error.hpp"

#include <libdeflate.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

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

OutputFile::OutputFile(std::string path) : m_path(std::move(path)) {
    if (m_path == "-") {
        m_fd = STDOUT_FILENO;
        return;
    }
    m_temp_path = temp_name_for(m_path);
    m_fd = ::open(m_temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) throw_io_error(m_path + ": cannot create output: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
    if (m_committed || m_path == "-") return;
    if (m_fd >= 0) ::close(m_fd);
    ::unlink(m_temp_path.c_str());
}

void OutputFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_io_error(m_path + ": write failed: " + std::strerror(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        m_bytes_written += static_cast<std::uint64_t>(n);
    }
}

void OutputFile::commit() {
    if (m_path == "-") {
        m_committed = true;
        return;
    }
    if (::close(m_fd) != 0) {
        m_fd = -1;
        throw_io_error(m_path + ": closing the output failed: " + std::strerror(errno));
    }
    m_fd = -1;
    if (std::rename(m_temp_path.c_str(), m_path.c_str()) != 0)
        throw_io_error(m_path + ": cannot rename the finished output into place: " + std::strerror(errno));
    m_committed = true;
}

GzipCompressor::GzipCompressor(int level) : m_compressor(libdeflate_alloc_compressor(level)) {
    if (!m_compressor) throw Error(ErrorCode::InvalidInput, "gzip compression level " + std::to_string(level) + " is not supported (1-12)");
}

GzipCompressor::~GzipCompressor() { libdeflate_free_compressor(m_compressor); }

void GzipCompressor::compress_append(std::string_view input, std::string& output) {
    const std::size_t bound = libdeflate_gzip_compress_bound(m_compressor, input.size());
    const std::size_t old = output.size();
    output.resize(old + bound);
    std::size_t n = libdeflate_gzip_compress(m_compressor, input.data(), input.size(), output.data() + old, bound);
    if (n == 0) throw Error(ErrorCode::Internal, "gzip compression failed");
    output.resize(old + n);
}

}  // namespace plateau::core
