// The durable job store. Every change is written to SQLite first and then to an in-memory
// table of active jobs, which answers status polls without touching the database. On open the
// active table is loaded from disk, so a restarted gateway knows every job it had.
#pragma once

#include "gateway/audit.hpp"
#include "gateway/database.hpp"
#include "gateway/job_record.hpp"

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace plateau::gateway {

struct JobQuery {
    std::optional<JobState> state;
    std::string user, group, tool_id;
    std::string owner;  // only jobs set up by this client (empty: everyone's)
    std::optional<std::int64_t> since_ms, until_ms;  // created_ms range
    bool active_only = false;
    int limit = 100;
    int offset = 0;
};

class JobStore {
public:
    explicit JobStore(Database& db);

    // The active attempt of job_id, if any.
    [[nodiscard]] std::optional<JobRecord> find(std::string_view job_id) const;
    [[nodiscard]] std::vector<JobRecord> active_jobs() const;
    [[nodiscard]] std::map<JobState, std::size_t> count_active_by_state() const;

    // Inserts a new attempt (attempt = previous + 1); the previous active attempt, if any, is
    // deactivated. `audit` entries (their job_id and attempt are set here) are appended in the
    // same transaction. Returns the stored record with row_id and attempt set.
    JobRecord insert_attempt(JobRecord record, std::vector<AuditEntry> audit = {});

    // Writes every field of the row; updated_ms is set here. The `audit` entries are appended in
    // the same SQLite transaction: after a crash the store holds both or neither, so the audit
    // trail always matches the job table.
    void save(JobRecord& record, const std::vector<AuditEntry>& audit = {});

    // Database queries (any attempt, active or not), newest first.
    [[nodiscard]] std::vector<JobRecord> query(const JobQuery& query) const;
    [[nodiscard]] std::vector<JobRecord> attempts(std::string_view job_id) const;

private:
    void write(Poco::Data::Session& session, const JobRecord& record);
    void write_with_audit(Poco::Data::Session& session, const JobRecord& record, const std::vector<AuditEntry>& audit);
    Database& m_db;
    mutable std::shared_mutex m_cache_mutex;
    std::map<std::string, JobRecord, std::less<>> m_active;
};

}  // namespace plateau::gateway
