// Streams an upload body to disk: into a uniquely named temporary file beside the target,
// hashing with SHA-256 on the way, then fsync, rename over the final name and fsync of the
// directory. A body that is cut off (fewer bytes than Content-Length, or the connection drops)
// never becomes the file; two concurrent uploads to one name each write their own temporary
// file and the last rename wins with one complete body.
#pragma once

#include "gateway/path_guard.hpp"
#include "gateway/sha256.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace plateau::gateway {

struct StagedFile {
    std::filesystem::path path;  // absolute final path (as returned to the client)
    std::uint64_t size = 0;
    std::string sha256_hex;
};

struct UploadLimits {
    std::optional<std::uint64_t> content_length;  // from the request, when sent
    std::uint64_t max_bytes = 0;                   // 0: unlimited
};

// Reads up to `size` bytes of the body into `buffer`; returns 0 at its end. Throws on errors.
using BodyReader = std::function<std::size_t(char* buffer, std::size_t size)>;

// Throws HttpError: 400 truncated_body, 413 too_large, 409 if the target is a directory, and
// the path_guard errors. The temporary file is removed on every failure.
[[nodiscard]] StagedFile stage_upload(const JobRoot& root, std::string_view subdir,
                                      const std::vector<std::string>& components, const BodyReader& body,
                                      const UploadLimits& limits);

// A BodyReader over an input stream.
[[nodiscard]] BodyReader stream_reader(std::istream& in);

// Deletes temporary upload files left by interrupted uploads anywhere under `dir`; returns
// how many were removed.
std::size_t remove_stale_uploads(const std::filesystem::path& dir);

}  // namespace plateau::gateway
