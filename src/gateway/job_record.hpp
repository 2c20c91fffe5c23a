// One attempt of one Galaxy job, as the store keeps it. A repeated setup of a finished job (Galaxy
// resubmission reuses the id) starts a new attempt; the old row stays for the audit trail and
// usage accounting.
#pragma once

#include "gateway/state_machine.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace plateau::gateway {

struct JobRecord {
    std::int64_t row_id = 0;
    std::string job_id;
    int attempt = 1;
    bool active = true;  // false once cleaned or superseded by a newer attempt
    JobState state = JobState::preprocessing;
    std::string manager = "_default_";
    std::string tool_id, tool_version;
    std::string owner;        // the token identity that set the job up: the only one that may act on it
    std::string user, group;  // who the compute is accounted to
    std::string executor;     // "local" or "slurm"
    std::string external_id;  // executor's id ("pid:starttime" or the Slurm job id)
    std::optional<int> return_code;
    std::string failure_reason;  // machine-readable: walltime_reached, memory_limit_reached, ...
    std::string failure_detail;  // human-readable
    bool cancel_requested = false;
    std::int64_t created_ms = 0, updated_ms = 0;
    std::optional<std::int64_t> submitted_ms, started_ms, finished_ms, cleaned_ms;
    std::optional<double> cpu_seconds, elapsed_seconds;
    std::optional<std::int64_t> max_rss_kb;
    std::string launch;  // JSON: what submit received, so a restart can launch again
};

[[nodiscard]] std::int64_t now_ms();
[[nodiscard]] std::string iso8601(std::int64_t ms);  // "2026-11-21T10:00:00.123Z"

}  // namespace plateau::gateway
