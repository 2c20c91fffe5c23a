// The job service: what each Pulsar call does to a job (setup, upload, submit, status, cancel,
// clean: job_service.cpp), the reactions to executor reports, and recovery after a restart
// (job_lifecycle.cpp). It owns no threads; it is shared by the HTTP handlers and the executor's
// monitor thread, and serialises changes to one job with a striped lock.
#pragma once

#include "core/report/json.hpp"
#include "gateway/audit.hpp"
#include "gateway/auth.hpp"
#include "gateway/config.hpp"
#include "gateway/executors/executor.hpp"
#include "gateway/job_store.hpp"
#include "gateway/metrics.hpp"
#include "gateway/staging.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <mutex>
#include <string>

namespace plateau::gateway {

// The actor recorded in the audit log for what the service does by itself.
inline constexpr const char* k_gateway_actor = "gateway";

struct SubmitRequest {
    std::string command_line;
    nlohmann::json params = nlohmann::json::object();
    nlohmann::json setup_params = nlohmann::json::object();
    nlohmann::json dependencies_description;
    nlohmann::json env = nlohmann::json::array();
    nlohmann::json remote_staging = nlohmann::json::object();
    nlohmann::json submit_extras = nlohmann::json::object();
    nlohmann::json dynamic_file_sources;
};

// A staged dataset named as a job's input (its file, and what the dataset area recorded).
struct DatasetInput {
    std::string id;
    std::filesystem::path file;
    std::uint64_t size = 0;
    std::string sha256_hex;
};

struct OpenDownload {
    UniqueFd fd;
    std::uint64_t size = 0;
    std::string name;
};

class JobService final : public ExecutorListener {
public:
    JobService(const GatewayConfig& config, JobStore& store, AuditLog& audit, Metrics& metrics, Executor& executor);

    // Removes stale upload files, starts the executor and hands it every unfinished job.
    void start();
    void stop();

    [[nodiscard]] nlohmann::json setup(const std::string& job_id, const std::string& tool_id,
                                       const std::string& tool_version, const std::string& manager,
                                       const Identity& who);
    [[nodiscard]] StagedFile upload(const std::string& job_id, const std::string& type, const std::string& name,
                                    const BodyReader& body, const UploadLimits& limits, const Identity& who);
    // Places a staged dataset where an upload of `name`/`type` would go, without sending its
    // bytes again: a reflink, else a hard link (the dataset file is read-only), else a copy
    // (job_dataset_input.cpp).
    [[nodiscard]] StagedFile stage_dataset(const std::string& job_id, const std::string& type, const std::string& name,
                                           const DatasetInput& dataset, const Identity& who);
    [[nodiscard]] std::string file_path(const std::string& job_id, const std::string& type, const std::string& name,
                                        const Identity& who);
    [[nodiscard]] OpenDownload open_download(const std::string& job_id, const std::string& type,
                                             const std::string& name, const Identity& who);
    void record_download(const std::string& job_id, const std::string& name, const std::string& type,
                         std::uint64_t bytes, std::uint64_t offset, const Identity& who);
    void submit(const std::string& job_id, const SubmitRequest& request, const Identity& who);
    // The Pulsar status payload, serialised. Unknown jobs, and other clients' jobs, are "lost".
    [[nodiscard]] std::string status(const std::string& job_id, const Identity& who);
    void cancel(const std::string& job_id, const Identity& who);
    void clean(const std::string& job_id, const Identity& who);

    void on_executor_update(const ExecutorUpdate& update) override;

    [[nodiscard]] const GatewayConfig& config() const { return m_config; }
    [[nodiscard]] JobStore& store() { return m_store; }
    [[nodiscard]] AuditLog& audit() { return m_audit; }
    [[nodiscard]] Executor& executor() { return m_executor; }

private:
    std::mutex& lock_for(std::string_view job_id);
    // The job, if it exists and `who` set it up; 404 otherwise.
    [[nodiscard]] JobRecord require_job(const std::string& job_id, const Identity& who) const;
    [[nodiscard]] LaunchRequest launch_request(const JobRecord& record) const;
    // Changes the state, saving the row with its job.state entry and `also` (after it) in one
    // transaction.
    void set_state(JobRecord& record, JobState to, const std::string& actor, const nlohmann::json& detail,
                   std::vector<AuditEntry> also = {});
    void finalize(JobRecord& record, const ExecutorUpdate& update);
    void fail_before_launch(JobRecord& record, const std::string& reason, const std::string& detail,
                            const Identity& who);
    void audit(const JobRecord& record, const std::string& actor, const std::string& action,
               const nlohmann::json& detail);
    void forget_status(const std::string& job_id);

    const GatewayConfig& m_config;
    JobStore& m_store;
    AuditLog& m_audit;
    Metrics& m_metrics;
    Executor& m_executor;
    std::array<std::mutex, 64> m_locks;
    // Serialised payloads of finished jobs, keyed by job id; valid while row_id and updated_ms match.
    struct CachedStatus {
        std::int64_t row_id = 0;
        std::int64_t updated_ms = 0;
        std::string body;
    };
    std::mutex m_cache_mutex;
    std::map<std::string, CachedStatus, std::less<>> m_status_cache;
};

using core::dump_json;  // compact, invalid UTF-8 replaced (core/report/json.hpp)

// An audit entry about `record` (its job id and attempt), for JobStore::save.
[[nodiscard]] AuditEntry audit_entry(const JobRecord& record, const std::string& actor, const std::string& action,
                                     const nlohmann::json& detail);

// job.submitted's detail: executor, external id, resources and the sha256 of the command.
[[nodiscard]] nlohmann::json submitted_detail(std::string_view executor, const JobRecord& record,
                                              const JobResources& resources, const std::string& command);

}  // namespace plateau::gateway
