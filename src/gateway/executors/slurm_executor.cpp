#include "gateway/executors/slurm_executor.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "gateway/executors/command_runner.hpp"
#include "gateway/executors/slurm_parsers.hpp"

#include <chrono>
#include <filesystem>
#include <set>

namespace plateau::gateway {
namespace {

// Polls in which a job is missing from both squeue and accounting before it is declared lost.
constexpr int k_missing_polls_before_lost = 5;

std::string slurm_time(long long seconds) {
    const long long minutes = std::max(1LL, (seconds + 59) / 60);  // Slurm limits are whole minutes
    return std::to_string(minutes);
}

}  // namespace

SlurmExecutor::SlurmExecutor(const SlurmExecutorConfig& config) : m_config(config) {}

SlurmExecutor::~SlurmExecutor() { stop(); }

std::string SlurmExecutor::tool(const char* name) const {
    return m_config.bin_dir.empty() ? std::string(name) : m_config.bin_dir + "/" + name;
}

std::string SlurmExecutor::job_name(const LaunchRequest& request) {
    return "plateau_" + request.job_id + "_" + std::to_string(request.attempt);
}

std::vector<std::string> SlurmExecutor::sbatch_command(const LaunchRequest& request) const {
    const JobLayout& layout = request.layout;
    std::vector<std::string> argv{tool("sbatch"), "--parsable",
                                  "-J", job_name(request),
                                  "-o", (layout.metadata() / "job_stdout").string(),
                                  "-e", (layout.metadata() / "job_stderr").string(),
                                  "-D", layout.working().string()};
    if (!m_config.partition.empty()) argv.insert(argv.end(), {"-p", m_config.partition});
    argv.insert(argv.end(), m_config.sbatch_args.begin(), m_config.sbatch_args.end());
    const JobResources& r = request.resources;
    if (r.walltime_seconds) argv.push_back("--time=" + slurm_time(*r.walltime_seconds));
    if (r.cpus) argv.push_back("--cpus-per-task=" + std::to_string(*r.cpus));
    if (r.memory_mb) argv.push_back("--mem=" + std::to_string(*r.memory_mb));
    // Galaxy's native specification comes last so that it wins over the defaults above.
    argv.insert(argv.end(), r.native_args.begin(), r.native_args.end());
    argv.push_back(layout.script().string());
    return argv;
}

void SlurmExecutor::start(ExecutorListener& listener) {
    m_listener = &listener;
    m_monitor = std::thread([this] { monitor_loop(); });
}

void SlurmExecutor::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_monitor.joinable()) m_monitor.join();
}

std::string SlurmExecutor::submit(const LaunchRequest& request) {
    const auto argv = sbatch_command(request);
    const CommandResult result = run_command(argv, m_config.command_timeout_seconds);
    auto id = result.exit_code == 0 ? slurm::parse_sbatch_parsable(result.out) : std::nullopt;
    if (!id) {
        // sbatch may have failed after creating the job (a timeout): Slurm then knows it by name.
        try {
            id = find_by_name(request);
        } catch (const Error&) {
            // squeue cannot answer either: sbatch's own error below is the one to report.
        }
    }
    if (!id) {
        std::string message = "sbatch failed";
        if (result.timed_out) message += " (timed out)";
        if (!result.err.empty()) message += ": " + result.err;
        while (!message.empty() && message.back() == '\n') message.pop_back();
        throw Error(ErrorCode::Io, message);
    }
    track(request, *id);
    return *id;
}

std::optional<std::string> SlurmExecutor::find_by_name(const LaunchRequest& request) const {
    const CommandResult found = run_command(
        {tool("squeue"), "--me", "-h", "-t", "all", "-n", job_name(request), "-o", "%i"}, m_config.command_timeout_seconds);
    if (found.exit_code != 0)
        throw Error(ErrorCode::Io, "squeue cannot tell whether Slurm has job " + job_name(request) + ": " + found.err);
    return slurm::parse_sbatch_parsable(found.out);
}

void SlurmExecutor::track(const LaunchRequest& request, const std::string& external_id) {
    std::lock_guard lock(m_mutex);
    Tracked job;
    job.request = request;
    job.external_id = external_id;
    m_jobs.insert_or_assign(attempt_key(request.job_id, request.attempt), std::move(job));
    m_wake.notify_all();
}

void SlurmExecutor::report(const LaunchRequest& request, ExecutorPhase phase, const std::string& external_id,
                           const std::string& executor_state) {
    ExecutorUpdate update;
    update.job_id = request.job_id;
    update.attempt = request.attempt;
    update.external_id = external_id;
    update.phase = phase;
    update.executor_state = executor_state;
    std::lock_guard lock(m_mutex);
    m_pending.push_back(std::move(update));
    m_wake.notify_all();
}

void SlurmExecutor::recover(const LaunchRequest& request, const std::string& external_id, JobState /*state*/) {
    if (!external_id.empty() && external_id != "queued") {
        track(request, external_id);
        return;
    }
    // The gateway died during sbatch: look for the job by its name before submitting again.
    // Without an answer (find_by_name throws) the job may well exist: failing it visibly beats
    // running it twice.
    if (const auto found = find_by_name(request)) {
        track(request, *found);
    } else if (std::filesystem::exists(request.layout.return_code())) {
        // It ran and ended, and Slurm has already forgotten it (MinJobAge): its return code decides.
        report(request, ExecutorPhase::finished, "", "finished while the gateway was down");
    } else {
        report(request, ExecutorPhase::queued, submit(request), "resubmitted after restart");
    }
}

void SlurmExecutor::cancel(const std::string& job_id, int attempt, const std::string& external_id) {
    std::string id = external_id;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_jobs.find(attempt_key(job_id, attempt));
        if (it == m_jobs.end()) return;
        it->second.cancel_requested = true;
        id = it->second.external_id;
    }
    const CommandResult result = run_command({tool("scancel"), id}, m_config.command_timeout_seconds);
    if (result.exit_code != 0)
        core::log_warn("gateway", "scancel " + id + " failed: " + result.err);
    m_wake.notify_all();
}

SlurmExecutor::Accounting SlurmExecutor::accounting(const std::string& external_id) {
    Accounting acc;
    if (m_accounting_storage) {
        const CommandResult r = run_command({tool("sacct"), "-j", external_id, "-n", "-P", "-o",
                                             "JobID,State,ExitCode,Elapsed,TotalCPU,MaxRSS"},
                                            m_config.command_timeout_seconds);
        if (r.exit_code == 0) {
            if (auto rec = slurm::parse_sacct(r.out, external_id)) {
                acc.found = true;
                acc.state = rec->state;
                acc.usage.elapsed_seconds = rec->elapsed_seconds;
                acc.usage.cpu_seconds = rec->total_cpu_seconds;
                acc.usage.max_rss_kb = rec->max_rss_kb;
                return acc;
            }
        } else if (r.err.find("disabled") != std::string::npos) {
            m_accounting_storage = false;
            core::log_info("gateway", "slurm: no accounting storage; using the job completion log (sacct -c)");
        }
    }
    const CommandResult r = run_command(
        {tool("sacct"), "-c", "-j", external_id, "-n", "-P", "-o", "JobID,State,ExitCode,Elapsed"},
        m_config.command_timeout_seconds);
    if (r.exit_code == 0)
        if (auto rec = slurm::parse_sacct(r.out, external_id)) {
            acc.found = true;
            acc.state = rec->state;
            acc.usage.elapsed_seconds = rec->elapsed_seconds;
        }
    return acc;
}

void SlurmExecutor::finish(Tracked& job, const std::string& state, const std::string& reason,
                           std::optional<double> elapsed, std::vector<ExecutorUpdate>& updates) {
    const auto verdict = slurm::classify_state(state, reason, job.cancel_requested);
    ExecutorUpdate update;
    update.job_id = job.request.job_id;
    update.attempt = job.request.attempt;
    update.external_id = job.external_id;
    update.phase = ExecutorPhase::finished;
    update.executor_state = state;
    update.usage.elapsed_seconds = elapsed;
    if (verdict) {
        update.failure_reason = verdict->failure_reason;
        update.failure_detail = verdict->detail;
        update.cancelled = verdict->cancelled;
    } else {
        update.failure_reason = "scheduler_state_" + state;
        update.failure_detail = "Slurm ended the job in state " + state;
    }
    updates.push_back(std::move(update));
}

void SlurmExecutor::poll_once() {
    std::map<std::string, std::string> ids;  // external id -> attempt key
    std::vector<ExecutorUpdate> updates;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [key, job] : m_jobs) ids.emplace(job.external_id, key);
        updates.swap(m_pending);
    }
    if (!ids.empty()) {
        if (const auto queue = read_queue()) {
            for (const auto& [external_id, key] : ids) apply(key, observe(external_id, *queue), updates);
        }
    }
    deliver(updates);
}

std::optional<std::map<std::string, slurm::QueueLine>> SlurmExecutor::read_queue() {
    const CommandResult q = run_command({tool("squeue"), "--me", "-h", "-t", "all", "-o", "%i|%T|%r|%M"},
                                        m_config.command_timeout_seconds);
    if (q.exit_code != 0) {
        core::log_warn("gateway", "squeue failed (will retry): " + q.err);
        return std::nullopt;
    }
    std::map<std::string, slurm::QueueLine> queue;
    for (auto& line : slurm::parse_squeue(q.out)) {
        std::string id = line.job_id;
        queue.emplace(std::move(id), std::move(line));
    }
    return queue;
}

SlurmExecutor::Observation SlurmExecutor::observe(const std::string& external_id,
                                                  const std::map<std::string, slurm::QueueLine>& queue) {
    Observation seen;
    if (const auto it = queue.find(external_id); it != queue.end()) {
        seen.state = it->second.state;
        seen.reason = it->second.reason;
        seen.elapsed = it->second.elapsed_seconds;
        return seen;
    }
    const Accounting acc = accounting(external_id);
    if (acc.found) {
        seen.state = acc.state;
        seen.usage = acc.usage;
        seen.from_accounting = true;
    }
    return seen;
}

void SlurmExecutor::apply(const std::string& key, const Observation& seen, std::vector<ExecutorUpdate>& updates) {
    std::unique_lock lock(m_mutex);
    const auto job_it = m_jobs.find(key);
    if (job_it == m_jobs.end()) return;
    Tracked& job = job_it->second;
    if (seen.state.empty()) {
        if (++job.missing_polls >= k_missing_polls_before_lost) {
            ExecutorUpdate update;
            update.job_id = job.request.job_id;
            update.attempt = job.request.attempt;
            update.external_id = job.external_id;
            update.phase = ExecutorPhase::finished;
            update.cancelled = job.cancel_requested;
            update.failure_reason = job.cancel_requested ? "" : "lost_by_scheduler";
            update.failure_detail = "Slurm job " + job.external_id + " is unknown to squeue and sacct";
            updates.push_back(std::move(update));
            m_jobs.erase(job_it);
        }
        return;
    }
    job.missing_polls = 0;
    const auto verdict = slurm::classify_state(seen.state, seen.reason, job.cancel_requested);
    const ExecutorPhase phase = verdict ? verdict->phase : ExecutorPhase::finished;
    if (phase != ExecutorPhase::finished) {
        if (job.last_phase != phase) {
            job.last_phase = phase;
            ExecutorUpdate update;
            update.job_id = job.request.job_id;
            update.attempt = job.request.attempt;
            update.external_id = job.external_id;
            update.phase = phase;
            update.executor_state = seen.state;
            updates.push_back(std::move(update));
        }
        return;
    }
    Tracked done = std::move(job);
    m_jobs.erase(job_it);
    finish(done, seen.state, seen.reason, seen.elapsed, updates);
    if (seen.from_accounting) {
        updates.back().usage = seen.usage;
        return;
    }
    // Ask accounting for CPU time and memory (only real accounting storage has them).
    lock.unlock();
    const Accounting acc = m_accounting_storage ? accounting(done.external_id) : Accounting{};
    if (acc.found) {
        if (acc.usage.cpu_seconds) updates.back().usage.cpu_seconds = acc.usage.cpu_seconds;
        if (acc.usage.max_rss_kb) updates.back().usage.max_rss_kb = acc.usage.max_rss_kb;
        if (acc.usage.elapsed_seconds) updates.back().usage.elapsed_seconds = acc.usage.elapsed_seconds;
    }
}

void SlurmExecutor::deliver(std::vector<ExecutorUpdate>& updates) {
    for (auto& update : updates) {
        try {
            m_listener->on_executor_update(update);
        } catch (const std::exception& e) {
            core::log_error("gateway", "slurm executor: update for job " + update.job_id + " failed (will retry): " + e.what());
            std::lock_guard lock(m_mutex);
            m_pending.push_back(std::move(update));
        }
    }
    updates.clear();
}

void SlurmExecutor::monitor_loop() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, std::chrono::milliseconds(m_config.poll_interval_ms));
        if (m_stopping) break;
        lock.unlock();
        try {
            poll_once();
        } catch (const std::exception& e) {
            core::log_error("gateway", std::string("slurm executor: poll failed: ") + e.what());
        }
        lock.lock();
    }
}

}  // namespace plateau::gateway
