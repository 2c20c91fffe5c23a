// plateau-stage's library: push files and folders into plateau-gateway's dataset area over tus
// 1.0.0 (parallel partial uploads joined by concatenation, a SHA-256 Upload-Checksum on every
// request, resume from a state file), then check the dataset's SHA-256 against the local file's;
// list, download (resumed with Range) and delete datasets. Every failure throws plateau::Error
// with one line that says what failed (docs/stage.md).
#pragma once

#include "core/progress.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::stage {

struct ServerOptions {
    std::string url;            // http(s)://host:port (a path prefix, e.g. behind nginx, is kept)
    std::string token;          // the gateway token (Authorization: Bearer)
    int retries = 8;            // attempts per request after a network error or a 5xx, with backoff
    double timeout_seconds = 60;
    std::uint64_t limit_rate = 0;  // bytes/s over all streams; 0: unlimited
    core::ProgressMode progress = core::ProgressMode::automatic;
};

struct UploadOptions {
    std::vector<std::string> inputs;           // files and folders (folders recursively)
    int parallel = 4;                          // parts in flight at once
    std::uint64_t part_size = 0;               // bytes per partial upload; 0: size / parallel (1 MiB aligned)
    std::uint64_t request_size = 16ull << 20;  // bytes per PATCH (each with its own Upload-Checksum)
    bool checksum = true;                      // Upload-Checksum: sha256 on every PATCH
    std::string state_dir;                     // where resume state lives; empty: ~/.cache/plateau-stage
    std::string name_prefix;                   // prepended to every dataset name ("run42/")
};

struct DownloadOptions {
    std::string dataset_id;
    std::string output;  // file to write (a ".part" file next to it until complete and verified)
};

void validate(const ServerOptions& options);
void validate(const UploadOptions& options);
void validate(const DownloadOptions& options);

struct UploadedDataset {
    std::string id, name, sha256;
    std::uint64_t size = 0;
    std::uint64_t bytes_sent = 0;     // bytes this run sent (less than size after a resume)
    std::uint64_t bytes_resumed = 0;  // bytes found already on the gateway
};

// Uploads every input; prints "id<TAB>name<TAB>size<TAB>sha256" per dataset on stdout.
std::vector<UploadedDataset> upload(const ServerOptions& server, const UploadOptions& options);
// Prints the token's datasets as TSV on stdout (id, name, size, sha256, owner, group, created).
std::size_t list(const ServerOptions& server);
// Downloads a dataset, resuming a ".part" file with Range/If-Range; checks its SHA-256.
std::uint64_t download(const ServerOptions& server, const DownloadOptions& options);
void remove(const ServerOptions& server, const std::string& dataset_id);
// A signed expiring link to a dataset (for Galaxy's "Paste/Fetch data"); printed on stdout.
std::string link(const ServerOptions& server, const std::string& dataset_id, std::uint64_t ttl_seconds);

// "64M", "1.5G", "4096": bytes (K, M, G, T: binary multiples). Throws Usage naming the flag.
[[nodiscard]] std::uint64_t parse_size(const std::string& flag, const std::string& text);

}  // namespace plateau::stage
