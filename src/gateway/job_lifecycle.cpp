// The job service's side facing the executor: start-up recovery of unfinished jobs, and what
// executor reports do to a job (state changes, and the final state with its return code, failure
// reason and resource usage).
#include "gateway/executors/slurm_parsers.hpp"
#include "gateway/job_service.hpp"
#include "gateway/regular_file.hpp"
#include "gateway/status_report.hpp"
#include "gateway/submit_request.hpp"

#include "core/log.hpp"

#include <sys/stat.h>

#include <sstream>

namespace plateau::gateway {
namespace {

// The small files the job script leaves (return code, `times`, sstat's peak RSS) are read on the
// monitor thread, and the job could have replaced them: a FIFO, device or symbolic link reads as
// absent, and only the first few KiB are read.
constexpr std::size_t k_script_file_max_bytes = 4096;

std::optional<int> read_return_code(const std::filesystem::path& path) {
    const auto text = read_regular_file(path, k_script_file_max_bytes);
    if (!text) return std::nullopt;
    std::istringstream in(*text);
    long long value = 0;
    if (!(in >> value)) return std::nullopt;
    return static_cast<int>(value);
}

// The job script's sstat answer ("165800K"); nullopt when absent, empty or 0 (no sample taken).
std::optional<std::int64_t> read_peak_rss(const std::filesystem::path& path) {
    const auto text = read_regular_file(path, k_script_file_max_bytes);
    if (!text) return std::nullopt;
    std::istringstream in(*text);
    std::string line;
    if (!std::getline(in, line)) return std::nullopt;
    const auto kb = slurm::parse_memory_kb(line);
    if (!kb || *kb <= 0) return std::nullopt;
    return kb;
}

// job.submitted for a job whose submit was cut off after its launch was recorded: what the
// submit would have written, from the launch request, marked as recovered.
AuditEntry recovered_submit_entry(const JobRecord& record, std::string_view executor,
                                  const std::filesystem::path& staging_dir) {
    const auto launch = nlohmann::json::parse(record.launch, nullptr, false);
    std::string command;
    if (launch.is_object() && launch.contains("command_line") && launch["command_line"].is_string())
        command = substitute_jobs_directory(launch["command_line"].get<std::string>(), staging_dir);
    nlohmann::json detail = submitted_detail(executor, record, JobResources{}, command);
    if (launch.is_object() && launch.contains("resources")) detail["resources"] = launch["resources"];
    detail["recovered"] = true;
    return audit_entry(record, k_gateway_actor, "job.submitted", detail);
}

}  // namespace

// ---- lifecycle -------------------------------------------------------------------------------

void JobService::start() {
    std::size_t removed = 0;
    const auto active = m_store.active_jobs();
    for (const JobRecord& record : active) {
        std::error_code ec;
        const auto layout = job_layout(m_config.staging_dir, record.job_id);
        if (std::filesystem::is_directory(layout.root, ec)) removed += remove_stale_uploads(layout.root);
    }
    if (removed > 0)
        core::log_info("gateway", "removed " + std::to_string(removed) + " incomplete upload(s) left by an interrupted transfer");
    m_executor.start(*this);
    std::size_t recovered = 0;
    for (const JobRecord& record : active) {
        if (is_terminal(record.state)) continue;
        const bool submitting = record.state == JobState::preprocessing && !record.launch.empty();
        if (record.state == JobState::preprocessing && !submitting) continue;
        std::optional<JobRecord> current;
        {
            std::lock_guard lock(lock_for(record.job_id));
            current = m_store.find(record.job_id);
            if (!current || current->row_id != record.row_id || is_terminal(current->state)) continue;
            const AuditEntry recovered_entry = audit_entry(*current, k_gateway_actor, "job.recovered",
                                                     {{"state", to_string(current->state)}, {"external_id", current->external_id}});
            // A submit was under way when the gateway stopped: the executor finds the job or
            // submits it again, so from here on it counts as queued, and as submitted (once: the
            // submit's own transaction never committed).
            if (submitting)
                set_state(*current, JobState::queued, k_gateway_actor, {{"reason", "recovered during submit"}},
                          {recovered_entry, recovered_submit_entry(*current, m_executor.name(), m_config.staging_dir)});
            else
                m_audit.record(recovered_entry.job_id, recovered_entry.attempt, recovered_entry.actor, recovered_entry.action,
                               recovered_entry.detail);
        }
        // Not under the job lock: an executor may report back at once.
        try {
            m_executor.recover(launch_request(*current), current->external_id, current->state);
            ++recovered;
        } catch (const std::exception& e) {
            core::log_error("gateway", "cannot recover job " + record.job_id + ": " + e.what());
            std::lock_guard lock(lock_for(record.job_id));
            current = m_store.find(record.job_id);
            if (current && !is_terminal(current->state)) {
                current->finished_ms = now_ms();
                current->failure_reason = "recovery_failed";
                current->failure_detail = e.what();
                set_state(*current, JobState::failed, k_gateway_actor, {{"reason", "recovery_failed"}, {"detail", e.what()}});
            }
        }
    }
    if (recovered > 0) core::log_info("gateway", "recovered " + std::to_string(recovered) + " unfinished job(s)");
}

void JobService::stop() { m_executor.stop(); }

// ---- executor reports --------------------------------------------------------------------------

void JobService::on_executor_update(const ExecutorUpdate& update) {
    std::lock_guard lock(lock_for(update.job_id));
    auto found = m_store.find(update.job_id);
    if (!found || found->attempt != update.attempt || is_terminal(found->state)) return;
    JobRecord& record = *found;
    if (!update.external_id.empty() && update.external_id != record.external_id) {
        record.external_id = update.external_id;
        m_store.save(record);
    }
    const auto next = next_state(record.state, update.phase);
    if (update.phase == ExecutorPhase::finished) {
        if (next || record.state == JobState::postprocessing) finalize(record, update);
        return;
    }
    if (!next) return;
    if (*next == JobState::running && !record.started_ms) record.started_ms = now_ms();
    set_state(record, *next, k_gateway_actor, {{"executor_state", update.executor_state}, {"external_id", record.external_id}});
}

void JobService::finalize(JobRecord& record, const ExecutorUpdate& update) {
    const JobLayout layout = job_layout(m_config.staging_dir, record.job_id);
    record.finished_ms = now_ms();
    record.cpu_seconds = update.usage.cpu_seconds;
    record.max_rss_kb = update.usage.max_rss_kb;
    record.elapsed_seconds = update.usage.elapsed_seconds;
    if (!record.elapsed_seconds && record.started_ms) {
        // Adopted after a restart: the return code file's time is when the script ended.
        std::int64_t end_ms = *record.finished_ms;
        struct stat st {};
        if (::stat(layout.return_code().c_str(), &st) == 0)
            end_ms = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
        record.elapsed_seconds = static_cast<double>(std::max<std::int64_t>(0, end_ms - *record.started_ms)) / 1000.0;
    }
    if (!record.cpu_seconds) {
        const auto text = read_regular_file(layout.usage_file(), k_script_file_max_bytes);
        record.cpu_seconds = slurm::parse_bash_times(text.value_or(std::string{}));
    }
    if (!record.max_rss_kb) record.max_rss_kb = read_peak_rss(layout.peak_rss_file());
    record.return_code = read_return_code(layout.return_code());
    JobState final_state = JobState::complete;
    if (update.cancelled || record.cancel_requested) {
        final_state = JobState::cancelled;
    } else if (!update.failure_reason.empty()) {
        final_state = JobState::failed;
        record.failure_reason = update.failure_reason;
        record.failure_detail = update.failure_detail;
    } else if (!record.return_code) {
        final_state = JobState::failed;
        record.failure_reason = "no_return_code";
        record.failure_detail = "the job script ended without writing its return code";
        if (update.script_exit_status) record.failure_detail += " (exit status " + std::to_string(*update.script_exit_status) + ")";
        if (!update.executor_state.empty()) record.failure_detail += "; executor state: " + update.executor_state;
    } else if (const auto listing = list_directory(layout.outputs()); !listing.unreadable.empty()) {
        // Galaxy collects only what outputs_directory_contents lists: a dataset would lose files.
        final_state = JobState::failed;
        record.failure_reason = "outputs_unlisted";
        record.failure_detail = "files under outputs/ cannot be listed for Galaxy (return code " +
                                std::to_string(*record.return_code) + "): " + describe_unreadable(listing.unreadable);
    }
    const JobState before = record.state;
    if (record.state != JobState::postprocessing) {
        record.state = JobState::postprocessing;  // passes through it, as in Pulsar
        m_metrics.record_transition(JobState::postprocessing);
    }
    nlohmann::json detail = {{"executor_state", update.executor_state}, {"external_id", record.external_id},
                             {"previous", to_string(before)}};
    if (record.return_code) detail["returncode"] = *record.return_code;
    if (!record.failure_reason.empty()) detail["reason"] = record.failure_reason;
    if (record.cpu_seconds) detail["cpu_seconds"] = *record.cpu_seconds;
    if (record.elapsed_seconds) detail["elapsed_seconds"] = *record.elapsed_seconds;
    if (record.max_rss_kb) detail["max_rss_kb"] = *record.max_rss_kb;
    set_state(record, final_state, k_gateway_actor, detail);
    if (final_state == JobState::failed) m_metrics.record_failure(record.failure_reason);
    forget_status(record.job_id);
}

}  // namespace plateau::gateway
