// The tus 1.0.0 request headers, parsed without a server so that every rule is unit-tested:
// Upload-Offset / Upload-Length (plain non-negative decimals), Upload-Metadata (comma-separated
// "key base64value" pairs), Upload-Checksum ("algorithm base64digest"), Upload-Concat
// ("partial" or "final;url url ..."). Malformed values throw HttpError 400.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plateau::gateway {

inline constexpr std::string_view k_tus_version = "1.0.0";
inline constexpr std::string_view k_tus_extensions =
    "creation,creation-with-upload,creation-defer-length,termination,expiration,checksum,concatenation,"
    "concatenation-unfinished";
inline constexpr std::string_view k_tus_checksums = "sha1,sha256";
inline constexpr std::string_view k_offset_content_type = "application/offset+octet-stream";
// Where the tus endpoint and the datasets live (docs/gateway.md).
inline constexpr std::string_view k_uploads_prefix = "/api/v1/uploads";

// A header value that must be a decimal number below 2^63 (`name` is used in the message).
[[nodiscard]] std::uint64_t parse_tus_number(std::string_view name, std::string_view value);

// Upload-Metadata: keys are unique, non-empty and contain no spaces or commas; a key may have no
// value. Values are decoded from base64.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_upload_metadata(std::string_view header);

// The dataset name an upload's metadata gives ("filename", else "name"), or empty.
[[nodiscard]] std::string metadata_name(const std::vector<std::pair<std::string, std::string>>& metadata);

struct UploadChecksum {
    std::string algorithm;  // "sha1" or "sha256"
    std::string digest;     // raw bytes
};
// Throws 400 for a malformed header or an algorithm we do not support.
[[nodiscard]] UploadChecksum parse_upload_checksum(std::string_view header);

struct UploadConcat {
    enum class Kind { none, partial, final } kind = Kind::none;
    std::vector<std::string> parts;  // upload ids of a final upload, in order
};
// "partial", or "final;" then space-separated upload URLs (absolute or paths); the id is the
// URL's last path segment, which must follow ".../uploads/".
[[nodiscard]] UploadConcat parse_upload_concat(std::string_view header);

[[nodiscard]] std::string base64_decode(std::string_view text, bool& ok);
[[nodiscard]] std::string base64_encode(std::string_view bytes);

// RFC 9110 IMF-fixdate, for Upload-Expires.
[[nodiscard]] std::string http_date(std::int64_t epoch_ms);

}  // namespace plateau::gateway
