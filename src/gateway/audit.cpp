#include "gateway/audit.hpp"

#include "core/error.hpp"
#include "gateway/job_record.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

namespace plateau::gateway {

using namespace Poco::Data::Keywords;

void append_audit(Poco::Data::Session& session, const AuditEntry& entry) {
    Poco::Int64 at = entry.at_ms != 0 ? entry.at_ms : now_ms();
    int attempt = entry.attempt;
    session << "INSERT INTO audit (job_id, attempt, at_ms, actor, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
        bind(entry.job_id), use(attempt), use(at), bind(entry.actor), bind(entry.action), bind(entry.detail), now;
}

void AuditLog::record(const std::string& job_id, int attempt, const std::string& actor, const std::string& action,
                      const std::string& detail_json) {
    AuditEntry entry;
    entry.job_id = job_id;
    entry.attempt = attempt;
    entry.actor = actor;
    entry.action = action;
    entry.detail = detail_json;
    try {
        m_db.with_session([&](Poco::Data::Session& session) { append_audit(session, entry); });
    } catch (const Poco::Exception& e) {
        throw_io_error("audit log: " + e.displayText());
    }
}

std::vector<AuditEntry> AuditLog::for_job(const std::string& job_id, std::int64_t after_seq, int limit) const {
    std::vector<AuditEntry> out;
    Poco::Int64 after = after_seq;
    try {
        m_db.with_session([&](Poco::Data::Session& session) {
            Poco::Data::Statement select(session);
            select << "SELECT seq, job_id, attempt, at_ms, actor, action, detail FROM audit "
                      "WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                bind(job_id), use(after), bind(limit);
            select.execute();
            Poco::Data::RecordSet rs(select);
            for (std::size_t row = 0; row < rs.rowCount(); ++row) {
                AuditEntry entry;
                entry.seq = rs.value(0, row).convert<Poco::Int64>();
                entry.job_id = rs.value(1, row).convert<std::string>();
                entry.attempt = rs.value(2, row).convert<int>();
                entry.at_ms = rs.value(3, row).convert<Poco::Int64>();
                entry.actor = rs.value(4, row).convert<std::string>();
                entry.action = rs.value(5, row).convert<std::string>();
                entry.detail = rs.value(6, row).convert<std::string>();
                out.push_back(std::move(entry));
            }
        });
    } catch (const Poco::Exception& e) {
        throw_io_error("audit log: " + e.displayText());
    }
    return out;
}

}  // namespace plateau::gateway
