// The embedded default executor: runs each job's command.sh as a child process in its own
// session (so its whole process group can be cancelled), at most max_concurrent at a time,
// with an optional walltime. After a gateway restart, jobs whose processes outlived the old
// gateway are adopted by pid and process start time; queued ones are started again.
#pragma once

#include "gateway/config.hpp"
#include "gateway/executors/executor.hpp"

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace plateau::gateway {

class LocalExecutor final : public Executor {
public:
    explicit LocalExecutor(const LocalExecutorConfig& config);
    ~LocalExecutor() override;

    [[nodiscard]] std::string_view name() const override { return "local"; }
    void start(ExecutorListener& listener) override;
    void stop() override;
    [[nodiscard]] std::string submit(const LaunchRequest& request) override;
    void recover(const LaunchRequest& request, const std::string& external_id, JobState state) override;
    void cancel(const std::string& job_id, int attempt, const std::string& external_id) override;

    // "pid:<pid>:<start ticks>" and back.
    [[nodiscard]] static std::string format_external_id(pid_t pid, std::uint64_t start_ticks);
    [[nodiscard]] static bool parse_external_id(const std::string& text, pid_t& pid, std::uint64_t& start_ticks);
    // Field 22 of /proc/<pid>/stat, or 0 if the process does not exist.
    [[nodiscard]] static std::uint64_t process_start_ticks(pid_t pid);

private:
    using Clock = std::chrono::steady_clock;
    struct Job {
        LaunchRequest request;
        pid_t pid = 0;                  // 0 while queued
        std::uint64_t start_ticks = 0;
        bool adopted = false;           // not our child: started by a previous gateway process
        Clock::time_point started{};
        std::int64_t started_wall_ms = 0;
        std::optional<Clock::time_point> walltime_deadline;
        bool cancel_requested = false;
        bool walltime_hit = false;
        std::optional<Clock::time_point> kill_at;  // SIGKILL the group after the grace period
    };

    void monitor_loop();
    // Called with m_mutex held; fills `updates` to be delivered after unlocking.
    void start_queued(std::vector<ExecutorUpdate>& updates);
    bool launch(Job& job, std::string& error);
    void reap(std::vector<ExecutorUpdate>& updates);
    void enforce_deadlines();
    void signal_group(Job& job, int sig);
    ExecutorUpdate finished_update(const Job& job, int wait_status, const ::rusage* usage) const;
    // Hands `updates` to the listener; those it could not take (a store error) are returned, to
    // be offered again after a tick rather than lost.
    [[nodiscard]] std::vector<ExecutorUpdate> deliver(std::vector<ExecutorUpdate>& updates);

    LocalExecutorConfig m_config;
    ExecutorListener* m_listener = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::vector<ExecutorUpdate> m_pending;  // delivered by the monitor thread, never by callers
    std::vector<ExecutorUpdate> m_retry;    // refused by the listener; back in m_pending after a tick
    std::deque<std::string> m_queue;    // attempt keys in submission order
    std::map<std::string, Job> m_jobs;  // queued and running, by attempt key
    std::thread m_monitor;
};

}  // namespace plateau::gateway
