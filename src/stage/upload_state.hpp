// What plateau-stage remembers about an upload so that a rerun resumes it: the file (path, size,
// modification time), how it was cut into parts, each part's upload URL, the dataset once made.
// Offsets are only hints: a resume asks the gateway (HEAD) how much of each part it holds.
// One JSON file per input, under the state folder, named from the server and the file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plateau::stage {

struct PartState {
    std::uint64_t first = 0;   // the part's first byte in the file
    std::uint64_t length = 0;
    std::string url;           // the tus upload ("/api/v1/uploads/<id>"); empty until created
    std::uint64_t offset = 0;  // bytes of the part the gateway acknowledged (a hint)
};

struct UploadState {
    std::string server, path, name;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t part_size = 0;
    bool concatenated = false;  // parts are tus partial uploads joined by a final upload
    std::vector<PartState> parts;
    std::string final_url;  // the final upload, when made before the parts were sent (concatenation-unfinished)
    std::string dataset;    // set once the gateway made the dataset
};

// The folder for state files: `configured`, else $XDG_CACHE_HOME/plateau-stage, else
// ~/.cache/plateau-stage (created if missing).
[[nodiscard]] std::string state_folder(const std::string& configured);
// The state file of this server and file in `folder`.
[[nodiscard]] std::string state_file(const std::string& folder, const std::string& server, const std::string& path);
// nullopt when there is none or it is unreadable (an upload then starts afresh).
[[nodiscard]] std::optional<UploadState> load_state(const std::string& file);
void save_state(const std::string& file, const UploadState& state);  // atomic (temporary name, rename)
void remove_state(const std::string& file);

}  // namespace plateau::stage
