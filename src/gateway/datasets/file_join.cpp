#include "gateway/datasets/file_join.hpp"

#include "core/error.hpp"
#include "core/io/unique_fd.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace plateau::gateway {
namespace {

[[noreturn]] void fail(const std::string& what, const char* step) {
    throw_io_error(what + ": " + step + ": " + std::strerror(errno));
}

bool try_clone_range(int out_fd, std::uint64_t out_offset, int in_fd, std::uint64_t size) {
    struct stat st {};
    if (::fstat(out_fd, &st) != 0 || st.st_blksize <= 0) return false;
    const auto block = static_cast<std::uint64_t>(st.st_blksize);
    // The destination offset must be aligned; the length too, unless it reaches the source's end.
    if (out_offset % block != 0) return false;
    file_clone_range range{};
    range.src_fd = in_fd;
    range.src_offset = 0;
    range.src_length = size;
    range.dest_offset = out_offset;
    if (::ioctl(out_fd, FICLONERANGE, &range) != 0) return false;
    return true;
}

// Returns false (nothing copied) when the kernel or file system cannot copy_file_range here.
bool copy_in_kernel(int out_fd, std::uint64_t out_offset, int in_fd, std::uint64_t size, const std::string& what) {
    loff_t in_pos = 0;
    auto out_pos = static_cast<loff_t>(out_offset);
    std::uint64_t done = 0;
    while (done < size) {
        const ssize_t n = ::copy_file_range(in_fd, &in_pos, out_fd, &out_pos,
                                            static_cast<std::size_t>(std::min<std::uint64_t>(size - done, 1ULL << 30)), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && done == 0 && (errno == ENOSYS || errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP)) return false;
        if (n < 0) fail(what, "copy_file_range");
        if (n == 0) throw_io_error(what + ": the partial upload is shorter than its length");
        done += static_cast<std::uint64_t>(n);
    }
    return true;
}

void copy_loop(int out_fd, std::uint64_t out_offset, int in_fd, std::uint64_t size, const std::string& what) {
    std::vector<char> buffer(4 << 20);
    std::uint64_t done = 0;
    while (done < size) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - done));
        const ssize_t got = ::pread(in_fd, buffer.data(), want, static_cast<off_t>(done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail(what, "read");
        if (got == 0) throw_io_error(what + ": the partial upload is shorter than its length");
        std::size_t written = 0;
        while (written < static_cast<std::size_t>(got)) {
            const ssize_t w = ::pwrite(out_fd, buffer.data() + written, static_cast<std::size_t>(got) - written,
                                       static_cast<off_t>(out_offset + done + written));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) fail(what, "write");
            written += static_cast<std::size_t>(w);
        }
        done += static_cast<std::uint64_t>(got);
    }
}

}  // namespace

JoinMethod append_file(int out_fd, std::uint64_t out_offset, int in_fd, std::uint64_t size, const std::string& what) {
    if (size == 0) return JoinMethod::clone;
    if (try_clone_range(out_fd, out_offset, in_fd, size)) return JoinMethod::clone;
    if (copy_in_kernel(out_fd, out_offset, in_fd, size, what)) return JoinMethod::copy_file_range;
    copy_loop(out_fd, out_offset, in_fd, size, what);
    return JoinMethod::read_write;
}

PlaceMethod place_file(const std::string& source, int dir_fd, const std::string& name) {
    const std::string what = "placing " + source;
    core::UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in.valid()) fail(what, "open");
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) fail(what, "stat");
    core::UniqueFd out(::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444));
    if (!out.valid()) fail(what, "create");
    if (::ioctl(out.get(), FICLONE, in.get()) == 0) return PlaceMethod::reflink;
    // A hard link shares the read-only dataset file itself (same file system only).
    if (::unlinkat(dir_fd, name.c_str(), 0) != 0) fail(what, "unlink");
    out.reset();
    if (::linkat(AT_FDCWD, source.c_str(), dir_fd, name.c_str(), 0) == 0) return PlaceMethod::hard_link;
    out.reset(::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444));
    if (!out.valid()) fail(what, "create");
    (void)append_file(out.get(), 0, in.get(), static_cast<std::uint64_t>(st.st_size), what);
    if (::fsync(out.get()) != 0) fail(what, "fsync");
    return PlaceMethod::copy;
}

const char* to_string(JoinMethod method) {
    switch (method) {
    case JoinMethod::clone: return "clone";
    case JoinMethod::copy_file_range: return "copy_file_range";
    case JoinMethod::read_write: return "read_write";
    }
    return "?";
}

const char* to_string(PlaceMethod method) {
    switch (method) {
    case PlaceMethod::reflink: return "reflink";
    case PlaceMethod::hard_link: return "hard_link";
    case PlaceMethod::copy: return "copy";
    }
    return "?";
}

}  // namespace plateau::gateway
