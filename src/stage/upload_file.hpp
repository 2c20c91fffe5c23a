// One file's upload: cut into parts (tus partial uploads, sent by `parallel` threads, each
// PATCH carrying its SHA-256 Upload-Checksum), joined by a final upload into one dataset; or a
// single upload when the file is one part. The state file makes a rerun resume where the
// gateway's HEAD says each part stands. The local SHA-256 is computed alongside and compared with
// the dataset's.
#pragma once

#include "stage/api.hpp"
#include "stage/http_client.hpp"

#include <atomic>
#include <cstdint>
#include <string>

namespace plateau::stage {

struct InputFile {
    std::string path;  // as found on disk
    std::string name;  // the dataset's name: relative to the folder given, or the file's base name
};

// Shared by the upload threads and the progress line.
struct UploadCounters {
    std::atomic<std::uint64_t> total{0};         // bytes of every file of the run
    std::atomic<std::uint64_t> done{0};          // bytes the gateway holds (acknowledged or found)
    std::atomic<std::uint64_t> sent{0};          // body bytes written to sockets this run
    std::atomic<std::uint64_t> resumed{0};       // bytes found on the gateway at a resume
    std::atomic<std::uint64_t> checksum_resends{0};
};

UploadedDataset upload_file(const ServerOptions& server, const UploadOptions& options, RateLimiter& limiter,
                            const InputFile& input, const std::string& state_folder, UploadCounters& counters);

// Headers every tus request carries.
[[nodiscard]] Headers tus_headers(Headers extra = {});

}  // namespace plateau::stage
