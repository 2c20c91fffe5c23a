// The audit log: who did what to which job and when (job created, file staged with size and
// sha256, submitted, state changes, cancel, clean). Append-only rows in the job store's database.
#pragma once

#include "gateway/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::gateway {

struct AuditEntry {
    std::int64_t seq = 0;
    std::string job_id;
    int attempt = 0;
    std::int64_t at_ms = 0;
    std::string actor;   // token name, or "gateway" for the service's own actions
    std::string action;  // job.created, file.staged, job.submitted, job.state, job.cancel_requested, job.cleaned, ...
    std::string detail;  // JSON object
};

// Appends `entry` (seq is assigned by the database; at_ms = now when 0) through `session`, inside
// whatever transaction the caller has open: JobStore::save writes a job's change and its audit
// entries in one transaction with it.
void append_audit(Poco::Data::Session& session, const AuditEntry& entry);

class AuditLog {
public:
    explicit AuditLog(Database& db) : m_db(db) {}

    // detail_json must be a JSON object. Throws plateau::Error(Io) if the row cannot be written.
    void record(const std::string& job_id, int attempt, const std::string& actor, const std::string& action,
                const std::string& detail_json);

    // Oldest first; at most `limit` entries after `after_seq`.
    [[nodiscard]] std::vector<AuditEntry> for_job(const std::string& job_id, std::int64_t after_seq = 0,
                                                  int limit = 1000) const;

private:
    Database& m_db;
};

}  // namespace plateau::gateway
