// Pulsar's job payloads: the setup response (build_job_config) and the status dictionary
// (__job_complete_dict), field for field as pulsar-contract.md §1.3 and §1.4 describe them.
#pragma once

#include "gateway/config.hpp"
#include "gateway/job_layout.hpp"
#include "gateway/job_record.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace plateau::gateway {

[[nodiscard]] nlohmann::json setup_response(const GatewayConfig& config, const JobLayout& layout,
                                            const JobRecord& record);

// Status of a job that is not done: {"complete": "false", "status": ..., "job_id": ...}.
[[nodiscard]] nlohmann::json running_status(const std::string& job_id, JobState state);

// The full "complete" dictionary for a finished (or cancelled) job. `record` may be null for an
// unknown job, which is reported as "lost".
[[nodiscard]] nlohmann::json complete_status(const GatewayConfig& config, const JobLayout& layout,
                                             const std::string& job_id, const JobRecord* record);

// A directory under a listed one that could not be read (permissions, a path longer than
// PATH_MAX, ...): its path relative to the listed directory ("." for itself) and why.
struct UnreadableDirectory {
    std::string relative_path;
    std::string reason;
};

struct DirectoryListing {
    std::vector<std::string> files;  // sorted relative paths
    std::vector<UnreadableDirectory> unreadable;
};

// Files under dir, recursively (temporary upload files skipped; links are not followed), and
// the directories whose entries are missing from the list because they could not be read.
// A missing `dir` is an empty listing.
[[nodiscard]] DirectoryListing list_directory(const std::filesystem::path& dir);

// list_directory(dir).files as a JSON array.
[[nodiscard]] nlohmann::json list_files(const std::filesystem::path& dir);

// "a/b: Permission denied; c/...(5000 characters): File name too long", at most max_shown.
[[nodiscard]] std::string describe_unreadable(const std::vector<UnreadableDirectory>& unreadable,
                                              std::size_t max_shown = 3);

}  // namespace plateau::gateway
