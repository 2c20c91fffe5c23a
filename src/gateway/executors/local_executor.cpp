#include "gateway/executors/local_executor.hpp"
#include "gateway/regular_file.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/io/unique_fd.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

extern char** environ;

namespace plateau::gateway {

using core::UniqueFd;

namespace {

constexpr auto k_tick = std::chrono::milliseconds(100);

double seconds_of(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

const char* signal_name(int sig) {
    switch (sig) {
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGINT: return "SIGINT";
    case SIGBUS: return "SIGBUS";
    default: return "signal";
    }
}

constexpr std::string_view k_launch_variable = "PLATEAU_LAUNCH_ID=";

std::vector<std::string> job_environment(const LaunchRequest& request, int slots, const std::string& launch_id) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        if (entry.starts_with("PLATEAU_SLOTS=") || entry.starts_with("PLATEAU_JOB_ID=") ||
            entry.starts_with(k_launch_variable))
            continue;
        env.emplace_back(entry);
    }
    env.push_back("PLATEAU_SLOTS=" + std::to_string(request.resources.cpus.value_or(slots)));
    env.push_back("PLATEAU_JOB_ID=" + request.job_id);
    env.push_back(std::string(k_launch_variable) + launch_id);
    return env;
}

std::string random_hex() {
    std::random_device rd;
    char text[33];
    std::snprintf(text, sizeof text, "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
    return text;
}

// The first line of one of the gateway's own small files (never blocks on a FIFO a job left).
std::string read_first_line(const std::filesystem::path& path) {
    const std::string text = read_regular_file(path, 4096).value_or("");
    return text.substr(0, text.find('\n'));
}

// Opens metadata/<name> for the job script's stdout or stderr. A previous attempt of the job may
// have left a FIFO (opening it for writing would block the monitor thread) or a symbolic link
// (O_TRUNC would truncate its target) there: neither is followed or opened, and anything but a
// regular file fails the launch. The descriptor is blocking again on return.
UniqueFd open_job_output(int metadata_dir, const char* name, std::string& error) {
    UniqueFd fd(::openat(metadata_dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
                         0644));
    struct stat st {};
    if (!fd.valid()) {
        const std::string why = errno == ENXIO ? "it is a FIFO (left by the job?)"
                                : errno == ELOOP ? "it is a symbolic link (left by the job?)"
                                                 : std::strerror(errno);
        error = std::string("cannot open metadata/") + name + " for the job's output: " + why;
    } else if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        error = std::string("cannot open metadata/") + name + " for the job's output: not a regular file";
    } else if (::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK) != 0) {
        error = std::string("cannot make metadata/") + name + " blocking: " + std::strerror(errno);
    } else {
        return fd;
    }
    return UniqueFd();
}

// Stdout and stderr of the job script, opened by the gateway (see open_job_output).
bool open_job_outputs(const JobLayout& layout, UniqueFd& out, UniqueFd& err, std::string& error) {
    const UniqueFd metadata(::open(layout.metadata().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!metadata.valid()) {
        error = "cannot open the job's metadata directory: " + std::string(std::strerror(errno));
        return false;
    }
    out = open_job_output(metadata.get(), "job_stdout", error);
    if (out.valid()) err = open_job_output(metadata.get(), "job_stderr", error);
    return out.valid() && err.valid();
}

// The session leader (the job script: it was started with setsid) whose environment carries
// PLATEAU_LAUNCH_ID=<launch_id>, or 0. Used only after a restart that found no pid file.
pid_t find_launched_process(const std::string& launch_id) {
    const std::string needle = std::string(k_launch_variable) + launch_id;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "environ", std::ios::binary);
        const std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        bool found = false;
        for (std::size_t start = 0; start < env.size();) {
            const auto end = env.find('\0', start);
            if (env.compare(start, (end == std::string::npos ? env.size() : end) - start, needle) == 0) found = true;
            if (end == std::string::npos) break;
            start = end + 1;
        }
        if (!found) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(name));
        if (::getsid(pid) == pid) return pid;
    }
    return 0;
}

}  // namespace

LocalExecutor::LocalExecutor(const LocalExecutorConfig& config) : m_config(config) {}

LocalExecutor::~LocalExecutor() { stop(); }

std::string LocalExecutor::format_external_id(pid_t pid, std::uint64_t start_ticks) {
    return "pid:" + std::to_string(pid) + ":" + std::to_string(start_ticks);
}

bool LocalExecutor::parse_external_id(const std::string& text, pid_t& pid, std::uint64_t& start_ticks) {
    unsigned long long ticks = 0;
    int p = 0;
    if (std::sscanf(text.c_str(), "pid:%d:%llu", &p, &ticks) != 2 || p <= 0) return false;
    pid = p;
    start_ticks = ticks;
    return true;
}

std::uint64_t LocalExecutor::process_start_ticks(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(in, stat)) return 0;
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos) return 0;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    // Fields after the command: 3 state ... 22 starttime.
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 3 && (field == "Z" || field == "X")) return 0;  // exited, waiting to be reaped
        if (i == 22) return std::stoull(field);
    }
    return 0;
}

void LocalExecutor::start(ExecutorListener& listener) {
    m_listener = &listener;
    m_monitor = std::thread([this] { monitor_loop(); });
}

void LocalExecutor::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_monitor.joinable()) m_monitor.join();
}

std::string LocalExecutor::submit(const LaunchRequest& request) {
    const std::string key = attempt_key(request.job_id, request.attempt);
    {
        std::lock_guard lock(m_mutex);
        if (m_jobs.contains(key)) return "queued";
        Job job;
        job.request = request;
        m_jobs.emplace(key, std::move(job));
        m_queue.push_back(key);
    }
    m_wake.notify_all();
    return "queued";
}

void LocalExecutor::recover(const LaunchRequest& request, const std::string& external_id, JobState /*state*/) {
    const std::string key = attempt_key(request.job_id, request.attempt);
    pid_t pid = 0;
    std::uint64_t ticks = 0;
    bool known = parse_external_id(external_id, pid, ticks);
    // The gateway may have died between starting the process and recording its id: the pid
    // file, or failing that the launch id in a process's environment, finds it.
    if (!known) known = parse_external_id(read_first_line(request.layout.local_pid()), pid, ticks);
    if (!known) {
        const std::string launch_id = read_first_line(request.layout.local_launch());
        if (!launch_id.empty()) {
            if (const pid_t found = find_launched_process(launch_id); found > 0) {
                pid = found;
                ticks = process_start_ticks(found);
                known = ticks != 0;
            } else if (std::filesystem::exists(request.layout.return_code())) {
                known = true;  // it ran and ended while no gateway was watching
                pid = 0;
            }
        }
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_jobs.contains(key)) return;
        Job job;
        job.request = request;
        if (known && pid == 0) {
            m_pending.push_back(finished_update(job, -1, nullptr));
        } else if (known) {
            job.pid = pid;
            job.start_ticks = ticks;
            job.adopted = true;
            job.started_wall_ms = request.started_ms;
            job.started = Clock::now();
            if (process_start_ticks(pid) == ticks) {
                m_jobs.emplace(key, std::move(job));
                core::log_info("gateway", "local executor: adopted running job " + key + " (pid " + std::to_string(pid) + ")");
            } else {
                m_pending.push_back(finished_update(job, -1, nullptr));
            }
        } else {
            m_jobs.emplace(key, std::move(job));
            m_queue.push_back(key);
        }
    }
    m_wake.notify_all();
}

void LocalExecutor::cancel(const std::string& job_id, int attempt, const std::string& /*external_id*/) {
    const std::string key = attempt_key(job_id, attempt);
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_jobs.find(key);
        if (it == m_jobs.end()) return;
        Job& job = it->second;
        job.cancel_requested = true;
        if (job.pid == 0) {
            std::erase(m_queue, key);
            ExecutorUpdate update = finished_update(job, -1, nullptr);
            update.cancelled = true;
            m_pending.push_back(std::move(update));
            m_jobs.erase(it);
        } else if (!job.kill_at) {
            signal_group(job, m_config.kill_grace_seconds > 0 ? SIGTERM : SIGKILL);
            job.kill_at = Clock::now() + std::chrono::seconds(m_config.kill_grace_seconds);
        }
    }
    m_wake.notify_all();
}

void LocalExecutor::signal_group(Job& job, int sig) {
    if (job.pid <= 0) return;
    if (job.adopted && process_start_ticks(job.pid) != job.start_ticks) return;  // gone; pid may be reused
    ::kill(-job.pid, sig);
}

bool LocalExecutor::launch(Job& job, std::string& error) {
    const JobLayout& layout = job.request.layout;
    const std::string script = layout.script().string();
    const std::string working = layout.working().string();
    UniqueFd job_stdout;
    UniqueFd job_stderr;
    if (!open_job_outputs(layout, job_stdout, job_stderr, error)) return false;
    // The launch id is on disk before the process exists, so a restart can always tell
    // "never started" from "started but not yet recorded".
    const std::string launch_id = random_hex();
    if (!write_regular_file(layout.local_launch(), launch_id + "\n", WriteMode::replace)) {
        error = "cannot write " + layout.local_launch().string();
        return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, job_stdout.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, job_stderr.get(), 2);
    posix_spawn_file_actions_addchdir_np(&actions, working.c_str());
    // Nothing of the gateway's (listening socket, client connections, the database) leaks into jobs.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigemptyset(&empty);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    const std::vector<std::string> env = job_environment(job.request, m_config.slots_per_job, launch_id);
    std::vector<char*> envp;
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    char bash[] = "/bin/bash";
    std::vector<char*> argv{bash, const_cast<char*>(script.c_str()), nullptr};
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, bash, &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    job_stdout.reset();  // the child has its own copies
    job_stderr.reset();
    if (rc != 0) {
        error = std::string("cannot start the job script: ") + std::strerror(rc);
        return false;
    }
    job.pid = pid;
    job.start_ticks = process_start_ticks(pid);
    job.started = Clock::now();
    job.started_wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
    if (job.request.resources.walltime_seconds)
        job.walltime_deadline = job.started + std::chrono::seconds(*job.request.resources.walltime_seconds);
    // Written before anyone is told, so that a restart can find the process even if the
    // gateway dies before the store records its id.
    if (!write_regular_file(layout.local_pid(), format_external_id(pid, job.start_ticks) + "\n", WriteMode::replace))
        core::log_error("gateway", "local executor: cannot write " + layout.local_pid().string());
    return true;
}

void LocalExecutor::start_queued(std::vector<ExecutorUpdate>& updates) {
    std::size_t running = 0;
    for (const auto& [key, job] : m_jobs)
        if (job.pid != 0) ++running;
    while (!m_queue.empty() && running < static_cast<std::size_t>(m_config.max_concurrent)) {
        const std::string key = m_queue.front();
        m_queue.pop_front();
        const auto it = m_jobs.find(key);
        if (it == m_jobs.end()) continue;
        Job& job = it->second;
        std::string error;
        if (!launch(job, error)) {
            ExecutorUpdate update = finished_update(job, -1, nullptr);
            update.failure_reason = "launch_failed";
            update.failure_detail = error;
            updates.push_back(std::move(update));
            m_jobs.erase(it);
            continue;
        }
        ++running;
        ExecutorUpdate update;
        update.job_id = job.request.job_id;
        update.attempt = job.request.attempt;
        update.external_id = format_external_id(job.pid, job.start_ticks);
        update.phase = ExecutorPhase::running;
        update.executor_state = "running";
        updates.push_back(std::move(update));
    }
}

ExecutorUpdate LocalExecutor::finished_update(const Job& job, int wait_status, const ::rusage* usage) const {
    ExecutorUpdate update;
    update.job_id = job.request.job_id;
    update.attempt = job.request.attempt;
    update.external_id = job.pid ? format_external_id(job.pid, job.start_ticks) : std::string{};
    update.phase = ExecutorPhase::finished;
    update.cancelled = job.cancel_requested;
    if (job.pid != 0 && !job.adopted)
        update.usage.elapsed_seconds = std::chrono::duration<double>(Clock::now() - job.started).count();
    if (usage != nullptr) {
        update.usage.cpu_seconds = seconds_of(usage->ru_utime) + seconds_of(usage->ru_stime);
        update.usage.max_rss_kb = usage->ru_maxrss;
    }
    if (wait_status >= 0) {
        if (WIFEXITED(wait_status)) {
            update.script_exit_status = WEXITSTATUS(wait_status);
            update.executor_state = "exited " + std::to_string(WEXITSTATUS(wait_status));
        } else if (WIFSIGNALED(wait_status)) {
            const int sig = WTERMSIG(wait_status);
            update.executor_state = std::string("killed by ") + signal_name(sig);
            if (!job.cancel_requested && !job.walltime_hit) {
                update.failure_reason = "killed_by_signal";
                update.failure_detail = "the job script was killed by signal " + std::to_string(sig) + " (" +
                                        signal_name(sig) + (sig == SIGKILL ? "; the kernel's out-of-memory killer sends this" : "") + ")";
            }
        }
    }
    if (job.walltime_hit && !job.cancel_requested) {
        update.failure_reason = "walltime_reached";
        update.failure_detail = "the job ran longer than its walltime of " +
                                std::to_string(job.request.resources.walltime_seconds.value_or(0)) + " s and was killed";
    }
    return update;
}

void LocalExecutor::reap(std::vector<ExecutorUpdate>& updates) {
    for (auto it = m_jobs.begin(); it != m_jobs.end();) {
        Job& job = it->second;
        bool finished = false;
        if (job.pid != 0 && !job.adopted) {
            int status = 0;
            ::rusage usage{};
            const pid_t got = ::wait4(job.pid, &status, WNOHANG, &usage);
            if (got == job.pid) {
                // Whatever the job left behind in its process group goes with it.
                ::kill(-job.pid, SIGKILL);
                updates.push_back(finished_update(job, status, &usage));
                finished = true;
            } else if (got < 0 && errno == ECHILD) {
                updates.push_back(finished_update(job, -1, nullptr));
                finished = true;
            }
        } else if (job.pid != 0 && job.adopted && process_start_ticks(job.pid) != job.start_ticks) {
            updates.push_back(finished_update(job, -1, nullptr));
            finished = true;
        }
        it = finished ? m_jobs.erase(it) : std::next(it);
    }
}

void LocalExecutor::enforce_deadlines() {
    const auto now = Clock::now();
    for (auto& [key, job] : m_jobs) {
        if (job.pid == 0) continue;
        if (job.walltime_deadline && now >= *job.walltime_deadline && !job.walltime_hit && !job.cancel_requested) {
            job.walltime_hit = true;
            signal_group(job, m_config.kill_grace_seconds > 0 ? SIGTERM : SIGKILL);
            job.kill_at = now + std::chrono::seconds(m_config.kill_grace_seconds);
        }
        if (job.kill_at && now >= *job.kill_at) {
            signal_group(job, SIGKILL);
            job.kill_at = now + std::chrono::seconds(1);  // again if it is still there
        }
    }
}

std::vector<ExecutorUpdate> LocalExecutor::deliver(std::vector<ExecutorUpdate>& updates) {
    std::vector<ExecutorUpdate> refused;
    for (auto& update : updates) {
        try {
            m_listener->on_executor_update(update);
        } catch (const std::exception& e) {
            core::log_error("gateway", "local executor: update for job " + update.job_id + " failed (will retry): " + e.what());
            refused.push_back(std::move(update));
        }
    }
    updates.clear();
    return refused;
}

void LocalExecutor::monitor_loop() {
    std::vector<ExecutorUpdate> updates;
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        updates.swap(m_pending);
        reap(updates);
        enforce_deadlines();
        start_queued(updates);
        if (!updates.empty()) {
            lock.unlock();
            auto refused = deliver(updates);
            lock.lock();
            std::move(refused.begin(), refused.end(), std::back_inserter(m_retry));
            continue;
        }
        m_wake.wait_for(lock, k_tick);
        std::move(m_retry.begin(), m_retry.end(), std::back_inserter(m_pending));
        m_retry.clear();
    }
}

}  // namespace plateau::gateway
