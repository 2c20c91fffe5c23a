#include "gateway/job_service.hpp"
#include "gateway/regular_file.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"
#include "gateway/executors/slurm_parsers.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/job_script.hpp"
#include "gateway/status_report.hpp"
#include "gateway/submit_request.hpp"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>

namespace plateau::gateway {
namespace {

bool owned_by(const JobRecord& record, const Identity& who) { return record.owner == who.name; }

bool has_glob(std::string_view name) { return name.find_first_of("*?[") != std::string_view::npos; }

// Creates the (empty) outputs Galaxy asked for in submit_extras.touch_outputs. Never blocks on
// a FIFO the job left there (the job lock is held) and never follows a link: only regular files
// are touched, anything else is left alone.
void touch_outputs(const JobLayout& layout, const nlohmann::json& submit_extras) {
    if (!submit_extras.is_object() || !submit_extras.contains("touch_outputs")) return;
    const JobRoot root(layout.root);
    for (const auto& name : submit_extras["touch_outputs"]) {
        if (!name.is_string()) continue;
        const auto components = checked_components(name.get<std::string>(), true);
        UniqueFd dir = root.open_parent("outputs", components, true);
        const char* leaf = components.back().c_str();
        struct stat existing {};
        if (::fstatat(dir.get(), leaf, &existing, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(existing.st_mode)) continue;
        const UniqueFd touched(::openat(dir.get(), leaf, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0644));
    }
}

// What submit received plus the resources it read from it: enough for a restart to launch again.
nlohmann::json launch_json(const SubmitRequest& request, const JobResources& resources) {
    return {
        {"command_line", request.command_line}, {"params", request.params},
        {"setup_params", request.setup_params}, {"env", request.env},
        {"remote_staging", request.remote_staging}, {"submit_extras", request.submit_extras},
        {"dynamic_file_sources", request.dynamic_file_sources},
        {"dependencies_description", request.dependencies_description},
        {"resources", resources_json(resources)},
    };
}

}  // namespace

AuditEntry audit_entry(const JobRecord& record, const std::string& actor, const std::string& action,
                       const nlohmann::json& detail) {
    AuditEntry entry;
    entry.job_id = record.job_id;
    entry.attempt = record.attempt;
    entry.actor = actor;
    entry.action = action;
    entry.detail = dump_json(detail);
    return entry;
}

nlohmann::json submitted_detail(std::string_view executor, const JobRecord& record, const JobResources& resources,
                                const std::string& command) {
    return {{"executor", executor}, {"external_id", record.external_id}, {"resources", resources_json(resources)},
            {"command_sha256", to_hex(token_digest(command))}};
}

JobService::JobService(const GatewayConfig& config, JobStore& store, AuditLog& audit, Metrics& metrics, Executor& executor)
    : m_config(config), m_store(store), m_audit(audit), m_metrics(metrics), m_executor(executor) {}

std::mutex& JobService::lock_for(std::string_view job_id) {
    return m_locks[std::hash<std::string_view>{}(job_id) % m_locks.size()];
}

JobRecord JobService::require_job(const std::string& job_id, const Identity& who) const {
    validate_job_id(job_id);
    auto record = m_store.find(job_id);
    // Another client's job answers as if it did not exist: its id says nothing to this client.
    if (!record || !owned_by(*record, who))
        throw_http(404, "unknown_job", "no job '" + job_id + "' (never set up, or cleaned)");
    return std::move(*record);
}

void JobService::audit(const JobRecord& record, const std::string& actor, const std::string& action,
                       const nlohmann::json& detail) {
    m_audit.record(record.job_id, record.attempt, actor, action, dump_json(detail));
}

void JobService::forget_status(const std::string& job_id) {
    std::lock_guard lock(m_cache_mutex);
    m_status_cache.erase(job_id);
}

LaunchRequest JobService::launch_request(const JobRecord& record) const {
    LaunchRequest request;
    request.job_id = record.job_id;
    request.attempt = record.attempt;
    request.layout = job_layout(m_config.staging_dir, record.job_id);
    request.submitted_ms = record.submitted_ms.value_or(0);
    request.started_ms = record.started_ms.value_or(0);
    const auto launch = nlohmann::json::parse(record.launch, nullptr, false);
    if (!launch.is_discarded() && launch.contains("resources")) {
        const auto& r = launch["resources"];
        if (r.contains("walltime_seconds")) request.resources.walltime_seconds = r["walltime_seconds"].get<long long>();
        if (r.contains("cpus")) request.resources.cpus = r["cpus"].get<int>();
        if (r.contains("memory_mb")) request.resources.memory_mb = r["memory_mb"].get<long long>();
        if (r.contains("native_args")) request.resources.native_args = r["native_args"].get<std::vector<std::string>>();
    }
    return request;
}

void JobService::set_state(JobRecord& record, JobState to, const std::string& actor, const nlohmann::json& detail,
                           std::vector<AuditEntry> also) {
    const JobState from = record.state;
    if (from == to) return;
    if (!can_transition(from, to))
        throw Error(ErrorCode::Internal, "illegal job state change " + std::string(to_string(from)) + " -> " +
                                             std::string(to_string(to)) + " for job " + record.job_id);
    nlohmann::json d = detail;
    d["from"] = to_string(from);
    d["to"] = to_string(to);
    JobRecord changed = record;
    changed.state = to;
    also.insert(also.begin(), audit_entry(changed, actor, "job.state", d));
    // The row and its audit entries in one transaction: a crash keeps both or neither.
    m_store.save(changed, also);
    record = std::move(changed);
    m_metrics.record_transition(to);
}

// ---- Pulsar calls ---------------------------------------------------------------------------

nlohmann::json JobService::setup(const std::string& job_id, const std::string& tool_id,
                                 const std::string& tool_version, const std::string& manager, const Identity& who) {
    const JobLayout layout = job_layout(m_config.staging_dir, job_id);
    std::lock_guard lock(lock_for(job_id));
    auto existing = m_store.find(job_id);
    if (existing && !owned_by(*existing, who))
        throw_http(409, "job_id_in_use", "job id '" + job_id + "' belongs to another client; each Galaxy server "
                                         "needs its own token, and job ids are shared until a job is cleaned");
    create_job_directories(layout);
    if (existing && !is_terminal(existing->state)) {
        // Pulsar ignores "already exists": a repeated setup returns the same configuration.
        return setup_response(m_config, layout, *existing);
    }
    JobRecord record;
    record.job_id = job_id;
    record.manager = manager;
    record.tool_id = tool_id;
    record.tool_version = tool_version;
    record.owner = who.name;
    record.user = who.name;
    record.group = who.group;
    record.executor = std::string(m_executor.name());
    // Created and audited in one transaction (the attempt number is in the entry's own column).
    record = m_store.insert_attempt(std::move(record),
                                    {audit_entry(record, who.name, "job.created",
                                                 {{"tool_id", tool_id}, {"tool_version", tool_version}, {"manager", manager},
                                                  {"job_directory", layout.root.string()}})});
    forget_status(job_id);
    // A new attempt must not see the previous attempt's return code.
    std::error_code ec;
    std::filesystem::remove(layout.return_code(), ec);
    std::filesystem::remove(layout.local_pid(), ec);
    std::filesystem::remove(layout.local_launch(), ec);
    m_metrics.record_transition(JobState::preprocessing);
    return setup_response(m_config, layout, record);
}

StagedFile JobService::upload(const std::string& job_id, const std::string& type, const std::string& name,
                              const BodyReader& body, const UploadLimits& limits, const Identity& who) {
    // The job lock is not held while bytes arrive: an upload may take minutes.
    const JobRecord record = require_job(job_id, who);
    const auto rule = upload_rule(type);
    if (!rule) throw_http(400, "unknown_type", "unknown file type '" + type + "'");
    const auto components = checked_components(name, rule->nested);
    const JobRoot root(job_layout(m_config.staging_dir, job_id).root);
    StagedFile staged = stage_upload(root, rule->subdir, components, body, limits);
    m_metrics.add_uploaded(staged.size);
    forget_status(job_id);
    audit(record, who.name, "file.staged",
          {{"type", type}, {"name", name}, {"path", staged.path.string()}, {"size", staged.size},
           {"sha256", staged.sha256_hex}});
    return staged;
}

std::string JobService::file_path(const std::string& job_id, const std::string& type, const std::string& name,
                                  const Identity& who) {
    (void)require_job(job_id, who);
    const auto rule = upload_rule(type);
    if (!rule) throw_http(400, "unknown_type", "unknown file type '" + type + "'");
    const auto components = checked_components(name, rule->nested);
    const auto layout = job_layout(m_config.staging_dir, job_id);
    return (layout.root / std::string(rule->subdir) / join_components(components)).lexically_normal().string();
}

OpenDownload JobService::open_download(const std::string& job_id, const std::string& type, const std::string& name,
                                       const Identity& who) {
    (void)require_job(job_id, who);
    const TypeRule rule = download_rule(type);
    auto components = checked_components(name, rule.nested);
    const auto layout = job_layout(m_config.staging_dir, job_id);
    const JobRoot root(layout.root);
    if (type == "output_workdir" && has_glob(name)) {
        // Pulsar globs output_workdir names; the first match (sorted here) wins.
        const std::string pattern = (root.path() / "working" / join_components(components)).string();
        glob_t matches{};
        const int rc = ::glob(pattern.c_str(), GLOB_NOSORT | GLOB_NOESCAPE, nullptr, &matches);
        std::vector<std::string> found;
        if (rc == 0)
            for (std::size_t i = 0; i < matches.gl_pathc; ++i) found.emplace_back(matches.gl_pathv[i]);
        globfree(&matches);
        std::sort(found.begin(), found.end());
        if (found.empty()) throw_http(404, "not_found", "no file in working/ matches '" + name + "'");
        const auto relative = std::filesystem::path(found.front()).lexically_relative(root.path() / "working");
        components = checked_components(relative.string(), true);
    }
    OpenDownload download;
    download.fd = root.open_for_read(rule.subdir, components);
    struct stat st {};
    ::fstat(download.fd.get(), &st);
    download.size = static_cast<std::uint64_t>(st.st_size);
    download.name = components.back();
    return download;
}

void JobService::record_download(const std::string& job_id, const std::string& name, const std::string& type,
                                 std::uint64_t bytes, std::uint64_t offset, const Identity& who) {
    m_metrics.add_downloaded(bytes);
    if (const auto record = m_store.find(job_id))
        audit(*record, who.name, "file.downloaded", {{"type", type}, {"name", name}, {"bytes", bytes}, {"offset", offset}});
}

void JobService::fail_before_launch(JobRecord& record, const std::string& reason, const std::string& detail,
                                    const Identity& who) {
    record.failure_reason = reason;
    record.failure_detail = detail;
    record.finished_ms = now_ms();
    set_state(record, JobState::failed, who.name, {{"reason", reason}, {"detail", detail}});
    m_metrics.record_failure(reason);
    forget_status(record.job_id);
    // Pulsar reports preprocessing failures through stderr as well.
    const auto layout = job_layout(m_config.staging_dir, record.job_id);
    // Not through a stream: the job may have left a FIFO or a link there (see regular_file.hpp).
    (void)write_regular_file(layout.metadata() / "job_stderr", "plateau-gateway: " + detail + "\n", WriteMode::append);
}

void JobService::submit(const std::string& job_id, const SubmitRequest& request, const Identity& who) {
    std::lock_guard lock(lock_for(job_id));
    JobRecord record = require_job(job_id, who);
    if (record.state != JobState::preprocessing || !record.launch.empty()) {
        audit(record, who.name, "job.submit_ignored", {{"state", to_string(record.state)}});
        return;
    }
    const JobLayout layout = job_layout(m_config.staging_dir, job_id);
    JobResources resources;
    std::string command;
    try {
        check_command_line(request.command_line);
        reject_remote_staging(request.remote_staging);
        resources = parse_resources(request.params, m_config.executor == ExecutorKind::slurm,
                                    m_config.slurm.allow_native_specification);
        const std::vector<EnvVar> env = parse_env(request.env);
        // Local setup (Galaxy destination with jobs_directory): set up here, then substitute.
        if (request.setup_params.is_object() && !request.setup_params.empty()) create_job_directories(layout);
        command = substitute_jobs_directory(request.command_line, m_config.staging_dir);
        touch_outputs(layout, request.submit_extras);
        core::write_file_atomically(layout.script().string(), render_job_script(ScriptSpec{job_id, record.attempt, layout, command, env}),
                                    {.sync = true, .mode = 0755});
    } catch (const HttpError& e) {
        fail_before_launch(record, "invalid_submit", e.what(), who);
        return;
    } catch (const nlohmann::json::exception& e) {  // a field of the wrong JSON type
        fail_before_launch(record, "invalid_submit", std::string("malformed submit parameters: ") + e.what(), who);
        return;
    } catch (const Error& e) {
        fail_before_launch(record, e.code() == ErrorCode::Unsupported ? "unsupported_remote_staging" : "invalid_submit",
                           e.what(), who);
        return;
    }
    if (const auto user = json_string(request.params, "user"); !user.empty()) record.user = user;
    if (const auto group = json_string(request.params, "group"); !group.empty()) record.group = group;
    record.launch = dump_json(launch_json(request, resources));
    record.submitted_ms = now_ms();
    // Saved before the executor is asked, so that a restart knows a submit was under way.
    m_store.save(record);
    std::string external_id;
    try {
        external_id = m_executor.submit(launch_request(record));
    } catch (const std::exception& e) {
        m_metrics.record_executor_error();
        fail_before_launch(record, "submit_failed", e.what(), who);
        return;
    }
    if (external_id != "queued") record.external_id = external_id;
    // The external id, queued and job.submitted are one transaction (see set_state).
    set_state(record, JobState::queued, who.name, {},
              {audit_entry(record, who.name, "job.submitted", submitted_detail(m_executor.name(), record, resources, command))});
}

std::string JobService::status(const std::string& job_id, const Identity& who) {
    validate_job_id(job_id);
    auto record = m_store.find(job_id);
    if (record && !owned_by(*record, who)) record.reset();  // reported like an unknown job: "lost"
    const JobLayout layout = job_layout(m_config.staging_dir, job_id);
    if (record && !is_terminal(record->state) && !record->cancel_requested)
        return dump_json(running_status(job_id, record->state));
    if (record) {
        std::lock_guard lock(m_cache_mutex);
        const auto it = m_status_cache.find(job_id);
        if (it != m_status_cache.end() && it->second.row_id == record->row_id && it->second.updated_ms == record->updated_ms)
            return it->second.body;
    }
    std::string body = dump_json(complete_status(m_config, layout, job_id, record ? &*record : nullptr));
    if (record && is_terminal(record->state)) {
        std::lock_guard lock(m_cache_mutex);
        if (m_status_cache.size() > 4096) m_status_cache.clear();
        m_status_cache.insert_or_assign(job_id, CachedStatus{record->row_id, record->updated_ms, body});
    }
    return body;
}

void JobService::cancel(const std::string& job_id, const Identity& who) {
    std::lock_guard lock(lock_for(job_id));
    JobRecord record = require_job(job_id, who);
    if (is_terminal(record.state)) return;
    if (!record.cancel_requested) {
        record.cancel_requested = true;
        m_store.save(record, {audit_entry(record, who.name, "job.cancel_requested", {{"state", to_string(record.state)}})});
    }
    forget_status(job_id);
    if (record.state == JobState::preprocessing && record.launch.empty()) {
        record.finished_ms = now_ms();
        set_state(record, JobState::cancelled, who.name, {});
        return;
    }
    m_executor.cancel(record.job_id, record.attempt, record.external_id);
}

void JobService::clean(const std::string& job_id, const Identity& who) {
    validate_job_id(job_id);
    std::lock_guard lock(lock_for(job_id));
    auto record = m_store.find(job_id);
    if (record && !owned_by(*record, who))
        throw_http(404, "unknown_job", "no job '" + job_id + "' (never set up, or cleaned)");
    const JobLayout layout = job_layout(m_config.staging_dir, job_id);
    if (record && !is_terminal(record->state)) {
        record->cancel_requested = true;
        if (record->state != JobState::preprocessing || !record->launch.empty())
            m_executor.cancel(record->job_id, record->attempt, record->external_id);
        record->finished_ms = now_ms();
        if (record->started_ms) record->elapsed_seconds = static_cast<double>(*record->finished_ms - *record->started_ms) / 1000.0;
        set_state(*record, JobState::cancelled, who.name, {{"reason", "cleaned while active"}});
    }
    std::error_code ec;
    std::filesystem::remove_all(layout.root, ec);
    if (ec) throw_io_error("cannot remove " + layout.root.string() + ": " + ec.message());
    forget_status(job_id);
    if (record) {
        record->active = false;
        record->cleaned_ms = now_ms();
        m_store.save(*record, {audit_entry(*record, who.name, "job.cleaned", nlohmann::json::object())});
    }
}

}  // namespace plateau::gateway
