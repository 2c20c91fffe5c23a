#include "gateway/path_guard.hpp"

#include "gateway/http_errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace plateau::gateway {
namespace {

[[noreturn]] void reject(const std::string& why) { throw_http(400, "path_rejected", "file name rejected: " + why); }

std::string fd_path(int fd) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char buffer[PATH_MAX + 1];
    const ssize_t n = ::readlink(link, buffer, PATH_MAX);
    if (n < 0) return {};
    return std::string(buffer, static_cast<std::size_t>(n));
}

}  // namespace

std::vector<std::string> checked_components(std::string_view name, bool nested) {
    if (name.empty()) reject("empty name");
    if (name.size() > 4096) reject("name longer than 4096 bytes");
    if (name.front() == '/') reject("absolute names are not allowed");
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) reject("control character in name");
        if (c == '\\') reject("backslash in name");
    }
    std::vector<std::string> parts;
    std::string_view rest = name;
    while (true) {
        const auto slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        if (part == "..") reject("'..' is not allowed");
        if (part.size() > 255) reject("path component longer than 255 bytes");
        if (!part.empty() && part != ".") parts.emplace_back(part);
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    if (parts.empty()) reject("name has no file component");
    if (!nested && parts.size() > 1) parts.erase(parts.begin(), parts.end() - 1);
    return parts;
}

std::string join_components(const std::vector<std::string>& components) {
    std::string out;
    for (const auto& part : components) {
        if (!out.empty()) out.push_back('/');
        out += part;
    }
    return out;
}

JobRoot::JobRoot(const std::filesystem::path& root) : m_given(root) {
    m_fd.reset(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!m_fd.valid()) {
        if (errno == ENOENT) throw_http(404, "unknown_job", "job directory does not exist");
        throw_http(500, "io_error", "cannot open job directory: " + std::string(std::strerror(errno)));
    }
    m_real = fd_path(m_fd.get());
}

UniqueFd JobRoot::open_parent(std::string_view subdir, const std::vector<std::string>& components, bool create) const {
    UniqueFd current(::dup(m_fd.get()));
    std::vector<std::string> dirs;
    if (!subdir.empty()) dirs.emplace_back(subdir);
    dirs.insert(dirs.end(), components.begin(), components.end() - 1);
    for (const std::string& dir : dirs) {
        int next = ::openat(current.get(), dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && create) {
            if (::mkdirat(current.get(), dir.c_str(), 0755) != 0 && errno != EEXIST)
                throw_http(500, "io_error", "cannot create directory '" + dir + "': " + std::strerror(errno));
            next = ::openat(current.get(), dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (next < 0) {
            if (errno == ENOENT) throw_http(404, "not_found", "no such directory '" + dir + "' in the job directory");
            if (errno == ELOOP || errno == ENOTDIR) reject("'" + dir + "' is a symbolic link or not a directory");
            throw_http(500, "io_error", "cannot open directory '" + dir + "': " + std::strerror(errno));
        }
        current.reset(next);
    }
    return current;
}

UniqueFd JobRoot::open_for_read(std::string_view subdir, const std::vector<std::string>& components) const {
    std::string relative(subdir);
    for (const auto& part : components) {
        if (!relative.empty()) relative.push_back('/');
        relative += part;
    }
    UniqueFd fd(::openat(m_fd.get(), relative.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (!fd.valid()) {
        if (errno == ENOENT || errno == ENOTDIR) throw_http(404, "not_found", "no such file in the job directory");
        if (errno == ELOOP) reject("symbolic link loop");
        throw_http(500, "io_error", "cannot open file: " + std::string(std::strerror(errno)));
    }
    if (!contains(fd.get())) reject("the name resolves outside the job directory");
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) throw_http(404, "not_found", "not a regular file");
    // O_NONBLOCK only guarded against FIFOs at open time; regular files ignore it, but clear it.
    ::fcntl(fd.get(), F_SETFL, 0);
    return fd;
}

bool JobRoot::contains(int fd) const {
    const std::string resolved = fd_path(fd);
    const std::string& root = m_real.native();
    return !root.empty() && resolved.size() > root.size() + 1 && resolved.compare(0, root.size(), root) == 0 &&
           resolved[root.size()] == '/';
}

}  // namespace plateau::gateway
