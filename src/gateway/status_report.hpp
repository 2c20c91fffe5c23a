// Pulsar's job payloads: the setup response (build_job_config) and the status dictionary
// (__job_complete_dict), field for field as pulsar-contract.md §1.3 and §1.4 describe them.
#pragma once

#include "gateway/config.hpp"
#include "gateway/job_layout.hpp"
#include "gateway/job_record.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace plateau::gateway {

[[nodiscard]] nlohmann::json setup_response(const GatewayConfig& config, const JobLayout& layout,
                                            const JobRecord& record);

// Status of a job that is not done: {"complete": "false", "status": ..., "job_id": ...}.
[[nodiscard]] nlohmann::json running_status(const std::string& job_id, JobState state);

// The full "complete" dictionary for a finished (or cancelled) job. `record` may be null for an
// unknown job, which is reported as "lost".
[[nodiscard]] nlohmann::json complete_status(const GatewayConfig& config, const JobLayout& layout,
                                             const std::string& job_id, const JobRecord* record);

// Files under dir, recursively, as sorted relative paths (temporary upload files skipped).
[[nodiscard]] nlohmann::json list_files(const std::filesystem::path& dir);

}  // namespace plateau::gateway
