// The one interface behind which jobs run: the local executor (child processes) and the Slurm
// executor (sbatch/squeue/sacct/scancel). Executors report what they observe through an
// ExecutorListener from their own monitor thread; the job service turns reports into state
// changes. Threads start in start(), never in constructors (the daemon forks first).
#pragma once

#include "gateway/job_layout.hpp"
#include "gateway/state_machine.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plateau::gateway {

struct JobResources {
    std::optional<long long> walltime_seconds;
    std::optional<int> cpus;
    std::optional<long long> memory_mb;
    std::vector<std::string> native_args;  // already whitelisted Slurm options
};

struct LaunchRequest {
    std::string job_id;
    int attempt = 1;
    JobLayout layout;
    JobResources resources;
    std::int64_t submitted_ms = 0;
    std::int64_t started_ms = 0;  // when recovering a job that had started
};

struct ExecutorUsage {
    std::optional<double> cpu_seconds, elapsed_seconds;
    std::optional<std::int64_t> max_rss_kb;
};

struct ExecutorUpdate {
    std::string job_id;
    int attempt = 1;
    std::string external_id;
    ExecutorPhase phase = ExecutorPhase::queued;
    // For finished jobs: a non-empty reason means the executor saw the job fail for a reason of
    // its own (walltime, memory, node failure, ...). Otherwise the return_code file decides.
    std::string failure_reason;
    std::string failure_detail;
    bool cancelled = false;        // ended because the gateway cancelled it
    std::string executor_state;    // e.g. the Slurm state name, for the audit log
    std::optional<int> script_exit_status;  // how the job script itself ended, when known
    ExecutorUsage usage;
};

class ExecutorListener {
public:
    virtual ~ExecutorListener() = default;
    virtual void on_executor_update(const ExecutorUpdate& update) = 0;
};

class Executor {
public:
    virtual ~Executor() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;

    virtual void start(ExecutorListener& listener) = 0;
    // Stops monitoring. Running jobs keep running and are found again after a restart.
    virtual void stop() = 0;

    // Submits the job's command.sh. Returns the external id (the local executor returns
    // "queued" until the process starts and reports its pid through the listener). Throws
    // plateau::Error with the executor's message when the job cannot be submitted.
    [[nodiscard]] virtual std::string submit(const LaunchRequest& request) = 0;

    // Resumes tracking a job submitted before a restart. external_id may be empty when the
    // gateway died during submit; the executor then looks for the job, or submits it again.
    virtual void recover(const LaunchRequest& request, const std::string& external_id, JobState state) = 0;

    // Cancels a queued or running job; the final report comes through the listener.
    virtual void cancel(const std::string& job_id, int attempt, const std::string& external_id) = 0;
};

// Text of the key an executor uses for one attempt of one job.
[[nodiscard]] inline std::string attempt_key(const std::string& job_id, int attempt) {
    return job_id + "#" + std::to_string(attempt);
}

}  // namespace plateau::gateway
