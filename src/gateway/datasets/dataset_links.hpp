// Signed expiring download links to one dataset, for clients that cannot send a token (Galaxy's
// "Paste/Fetch data" fetches a URL): /api/v1/links/<dataset>/<name>?expires=<epoch s>&signature=<hex>,
// where signature = HMAC-SHA256(key, "plateau-link-v1\n<dataset>\n<expires>"). The key is the
// gateway's own (datasets.link_key_file, 32 random bytes made at first start, mode 0600), never a
// token; changing the key revokes every link. A link reads that dataset alone (GET/HEAD, Range);
// the name segment is for the person or program fetching it and is not signed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace plateau::gateway {

// Reads the key file, or creates it (O_EXCL, 0600, 32 bytes from the system's random source) when
// missing. Throws Io if it cannot, or if the file is shorter than 16 bytes.
[[nodiscard]] std::string load_or_create_link_key(const std::filesystem::path& file);

// Lower-case hex HMAC-SHA256 of the dataset id and expiry.
[[nodiscard]] std::string link_signature(std::string_view key, std::string_view dataset_id, std::int64_t expires_epoch);

// True when `signature` is the link's (compared in constant time).
[[nodiscard]] bool link_signature_matches(std::string_view key, std::string_view dataset_id, std::int64_t expires_epoch,
                                          std::string_view signature);

// "/api/v1/links/<id>/<name>?expires=<e>&signature=<s>" (name percent-encoded, only its last component).
[[nodiscard]] std::string link_path(std::string_view dataset_id, std::string_view name, std::int64_t expires_epoch,
                                    std::string_view signature);

}  // namespace plateau::gateway
