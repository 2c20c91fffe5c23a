// Runs jobs through Slurm's command-line tools: sbatch --parsable to submit, one
// `squeue --me -t all` per poll for every tracked job, sacct (or `sacct -c`, the jobcomp log,
// where there is no slurmdbd) once a job has left squeue, and scancel. Terminal states that are
// not the job's own doing (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, a CANCELLED
// the gateway did not ask for) are reported as failures with a reason.
#pragma once

#include "gateway/config.hpp"
#include "gateway/executors/executor.hpp"
#include "gateway/executors/slurm_parsers.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace plateau::gateway {

class SlurmExecutor final : public Executor {
public:
    explicit SlurmExecutor(const SlurmExecutorConfig& config);
    ~SlurmExecutor() override;

    [[nodiscard]] std::string_view name() const override { return "slurm"; }
    void start(ExecutorListener& listener) override;
    void stop() override;
    [[nodiscard]] std::string submit(const LaunchRequest& request) override;
    void recover(const LaunchRequest& request, const std::string& external_id, JobState state) override;
    void cancel(const std::string& job_id, int attempt, const std::string& external_id) override;

    // The sbatch command line for a request (exposed for tests and logs).
    [[nodiscard]] std::vector<std::string> sbatch_command(const LaunchRequest& request) const;
    [[nodiscard]] static std::string job_name(const LaunchRequest& request);

private:
    struct Tracked {
        LaunchRequest request;
        std::string external_id;
        bool cancel_requested = false;
        std::optional<ExecutorPhase> last_phase;
        int missing_polls = 0;
    };

    void monitor_loop();
    void poll_once();
    // The Slurm id of this attempt's job, looked up by its name (plateau_<job>_<attempt>);
    // nullopt when Slurm has no such job. Throws plateau::Error(Io) when squeue cannot answer.
    [[nodiscard]] std::optional<std::string> find_by_name(const LaunchRequest& request) const;
    // Follows `external_id` from the next poll on.
    void track(const LaunchRequest& request, const std::string& external_id);
    // Queues an update for the monitor thread to deliver.
    void report(const LaunchRequest& request, ExecutorPhase phase, const std::string& external_id,
                const std::string& executor_state);
    [[nodiscard]] std::string tool(const char* name) const;
    // Usage and final state from accounting for a job that has left squeue (or just finished).
    struct Accounting {
        std::string state;
        ExecutorUsage usage;
        bool found = false;
    };
    Accounting accounting(const std::string& external_id);
    // What one poll learnt about one Slurm job: from squeue, or from accounting once it left the
    // queue; an empty state when neither knows it.
    struct Observation {
        std::string state, reason;
        std::optional<double> elapsed;
        ExecutorUsage usage;
        bool from_accounting = false;
    };
    // squeue's view of this user's jobs by Slurm id; nullopt when squeue failed.
    [[nodiscard]] std::optional<std::map<std::string, slurm::QueueLine>> read_queue();
    [[nodiscard]] Observation observe(const std::string& external_id, const std::map<std::string, slurm::QueueLine>& queue);
    // Turns an observation of the job tracked under `key` into updates (state changes, or the
    // end with usage), forgetting the job once it has ended.
    void apply(const std::string& key, const Observation& seen, std::vector<ExecutorUpdate>& updates);
    void finish(Tracked& job, const std::string& state, const std::string& reason, std::optional<double> elapsed,
                std::vector<ExecutorUpdate>& updates);

    SlurmExecutorConfig m_config;
    ExecutorListener* m_listener = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_accounting_storage = true;  // false once sacct says accounting storage is disabled
    std::map<std::string, Tracked> m_jobs;  // by attempt key
    std::vector<ExecutorUpdate> m_pending;  // delivered by the monitor thread, never by callers
    // Hands `updates` to the listener; those it could not take go back to m_pending for the next poll.
    void deliver(std::vector<ExecutorUpdate>& updates);
    std::thread m_monitor;
};

}  // namespace plateau::gateway
