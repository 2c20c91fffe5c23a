#include "gateway/staging.hpp"

#include "core/io/write_all.hpp"

#include "gateway/http_errors.hpp"
#include "gateway/job_layout.hpp"

#include "gateway/sha256.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <new>
#include <random>

namespace plateau::gateway {
namespace {

constexpr std::size_t k_buffer_bytes = 1 << 20;
constexpr std::size_t k_alignment = 4096;

std::string temp_name() {
    std::random_device rd;
    const std::uint64_t value = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return std::string(k_upload_temp_prefix) + text + ".part";
}

// Unlinks the temporary file unless released (RAII cleanup for every error path).
class TempFile {
public:
    TempFile(int dir_fd, std::string name) : m_dir(dir_fd), m_name(std::move(name)) {}
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (!m_released) ::unlinkat(m_dir, m_name.c_str(), 0);
    }
    void release() { m_released = true; }
    [[nodiscard]] const std::string& name() const { return m_name; }

private:
    int m_dir;
    std::string m_name;
    bool m_released = false;
};

// core::write_all, turning O_DIRECT off when the file system takes it at open but not at write.
void write_fully(int fd, const char* data, std::size_t size) {
    std::string_view rest(data, size);
    std::size_t written = 0;
    while (!core::write_all(fd, rest, &written)) {
        rest.remove_prefix(written);
        if (errno == EINVAL && (::fcntl(fd, F_GETFL) & O_DIRECT) != 0) {
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_DIRECT);
            continue;
        }
        throw_http(errno == ENOSPC || errno == EDQUOT ? 507 : 500, "io_error", std::string("write failed: ") + std::strerror(errno));
    }
}

// A page-aligned buffer, as O_DIRECT needs.
struct AlignedBuffer {
    explicit AlignedBuffer(std::size_t bytes) : data(static_cast<char*>(std::aligned_alloc(k_alignment, bytes))), size(bytes) {
        if (data == nullptr) throw std::bad_alloc();
    }
    AlignedBuffer(const AlignedBuffer&) = delete;
    AlignedBuffer& operator=(const AlignedBuffer&) = delete;
    ~AlignedBuffer() { std::free(data); }
    char* data;
    std::size_t size;
};

}  // namespace

BodyReader stream_reader(std::istream& in) {
    return [&in](char* buffer, std::size_t size) -> std::size_t {
        if (!in) return 0;
        in.read(buffer, static_cast<std::streamsize>(size));
        if (in.bad()) throw_http(400, "truncated_body", "the upload body could not be read to its end");
        return static_cast<std::size_t>(in.gcount());
    };
}

namespace {

// The upload's temporary file, for direct I/O where the file system allows it: the bytes go from
// our buffer to the disk without a copy into the page cache or the kernel's writeback work,
// which on a small machine is CPU the hashing needs.
UniqueFd create_upload_file(int dir, const std::string& name) {
    constexpr int k_flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    UniqueFd out(::openat(dir, name.c_str(), k_flags | O_DIRECT, 0644));
    if (!out.valid() && errno == EINVAL) out.reset(::openat(dir, name.c_str(), k_flags, 0644));
    if (!out.valid()) throw_http(500, "io_error", std::string("cannot create upload file: ") + std::strerror(errno));
    return out;
}

// Fills `buffer` from the body (whole, so that direct writes stay block-aligned) unless the
// body ends first; hashes and counts what it reads. Returns the bytes filled.
std::size_t fill_from_body(const BodyReader& body, AlignedBuffer& buffer, const UploadLimits& limits, std::uint64_t& total,
                           Sha256& sha) {
    std::size_t fill = 0;
    while (fill < buffer.size) {
        std::size_t want = buffer.size - fill;
        // Never past Content-Length: what follows on the connection is the next request.
        if (limits.content_length) want = static_cast<std::size_t>(std::min<std::uint64_t>(want, *limits.content_length - total));
        if (want == 0) break;
        std::size_t got = 0;
        try {
            got = body(buffer.data + fill, want);
        } catch (const HttpError&) {
            throw;
        } catch (const std::exception& e) {
            throw_http(400, "truncated_body", std::string("the upload body could not be read to its end: ") + e.what());
        }
        if (got == 0) break;
        sha.update(buffer.data + fill, got);
        fill += got;
        total += got;
        if (limits.max_bytes > 0 && total > limits.max_bytes)
            throw_http(413, "too_large", "upload exceeds server.max_upload_bytes = " + std::to_string(limits.max_bytes));
    }
    return fill;
}

// Whole blocks directly; a tail that is not a whole block (the end of the file) through the page cache.
void write_filled(int fd, const AlignedBuffer& buffer, std::size_t fill) {
    const std::size_t aligned = fill & ~(k_alignment - 1);
    write_fully(fd, buffer.data, aligned);
    if (aligned < fill) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_DIRECT);
        write_fully(fd, buffer.data + aligned, fill - aligned);
    }
}

}  // namespace

StagedFile stage_upload(const JobRoot& root, std::string_view subdir, const std::vector<std::string>& components,
                        const BodyReader& body, const UploadLimits& limits) {
    if (limits.max_bytes > 0 && limits.content_length && *limits.content_length > limits.max_bytes)
        throw_http(413, "too_large", "upload of " + std::to_string(*limits.content_length) +
                                         " bytes exceeds server.max_upload_bytes = " + std::to_string(limits.max_bytes));
    UniqueFd dir = root.open_parent(subdir, components, true);
    TempFile temp(dir.get(), temp_name());
    UniqueFd out = create_upload_file(dir.get(), temp.name());
    Sha256 sha;
    AlignedBuffer buffer(k_buffer_bytes);
    std::uint64_t total = 0;
    std::size_t fill = buffer.size;
    while (fill == buffer.size) {
        fill = fill_from_body(body, buffer, limits, total, sha);
        write_filled(out.get(), buffer, fill);
    }
    if (limits.content_length && total != *limits.content_length)
        throw_http(400, "truncated_body", "upload body has " + std::to_string(total) + " bytes, Content-Length says " +
                                              std::to_string(*limits.content_length));
    if (::fsync(out.get()) != 0) throw_http(500, "io_error", std::string("fsync failed: ") + std::strerror(errno));
    if (!out.close()) throw_http(500, "io_error", std::string("close failed: ") + std::strerror(errno));
    const std::string& final_name = components.back();
    if (::renameat(dir.get(), temp.name().c_str(), dir.get(), final_name.c_str()) != 0) {
        if (errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST)
            throw_http(409, "conflict", "the target name is a directory");
        throw_http(500, "io_error", std::string("rename failed: ") + std::strerror(errno));
    }
    temp.release();
    ::fsync(dir.get());

    StagedFile staged;
    staged.path = (root.given_path() / std::string(subdir) / join_components(components)).lexically_normal();
    staged.size = total;
    staged.sha256_hex = to_hex(sha.finish());
    return staged;
}

std::size_t remove_stale_uploads(const std::filesystem::path& dir) {
    std::size_t removed = 0;
    std::error_code ec;
    std::filesystem::recursive_directory_iterator it(dir, std::filesystem::directory_options::skip_permission_denied, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.starts_with(k_upload_temp_prefix) && name.ends_with(".part") && it->is_regular_file(ec)) {
            std::error_code rm;
            if (std::filesystem::remove(it->path(), rm)) ++removed;
        }
    }
    return removed;
}

}  // namespace plateau::gateway
