// Keeps every client-supplied file name inside its job directory. Names are checked lexically
// (no absolute names, no "..", no control characters or backslashes), then opened relative to
// a directory descriptor of the job root: directories on the way are opened with O_NOFOLLOW,
// and a file that is read is checked after opening, by the path the kernel reports for the
// descriptor, so a symbolic link pointing out of the job directory is refused without a race.
#pragma once

#include "core/io/unique_fd.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway {

using core::UniqueFd;

// Splits `name` into path components. Throws HttpError 400 (reason "path_rejected") for an
// empty or absolute name, a ".." component, a NUL, control character or backslash, a component
// over 255 bytes or a name over 4096 bytes. "." and empty components are dropped. When !nested,
// only the last component is kept (Pulsar uses basename(name) for config, workdir and jobdir).
[[nodiscard]] std::vector<std::string> checked_components(std::string_view name, bool nested);

// "a/b/c" from components.
[[nodiscard]] std::string join_components(const std::vector<std::string>& components);

class JobRoot {
public:
    // Opens `root` (which must exist and not be a symbolic link). Throws HttpError 404 if absent.
    explicit JobRoot(const std::filesystem::path& root);

    [[nodiscard]] const std::filesystem::path& path() const { return m_real; }   // resolved
    [[nodiscard]] const std::filesystem::path& given_path() const { return m_given; }  // as configured
    [[nodiscard]] int fd() const { return m_fd.get(); }

    // Opens (creating when `create`) the directory `subdir`/components[0..n-2] without
    // following symbolic links. Throws HttpError 400 path_rejected if a component is a link or
    // not a directory, 404 if missing and !create.
    [[nodiscard]] UniqueFd open_parent(std::string_view subdir, const std::vector<std::string>& components,
                                       bool create) const;

    // Opens an existing regular file for reading and verifies that it resolves inside the job
    // directory (links inside the job directory are fine). Throws 404 / 400 path_rejected.
    [[nodiscard]] UniqueFd open_for_read(std::string_view subdir, const std::vector<std::string>& components) const;

    // True when `fd` resolves to a path inside this job directory.
    [[nodiscard]] bool contains(int fd) const;

private:
    std::filesystem::path m_given;
    std::filesystem::path m_real;
    UniqueFd m_fd;
};

}  // namespace plateau::gateway
