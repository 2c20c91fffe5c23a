#include "gateway/job_store.hpp"

#include "core/error.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>

namespace plateau::gateway {
namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;

constexpr const char* k_columns =
    "row_id, job_id, attempt, active, state, manager, tool_id, tool_version, user_name, group_name, executor, "
    "external_id, return_code, failure_reason, failure_detail, cancel_requested, created_ms, updated_ms, "
    "submitted_ms, started_ms, finished_ms, cleaned_ms, cpu_seconds, elapsed_seconds, max_rss_kb, launch, owner";

template <typename T>
Poco::Nullable<T> nullable(const std::optional<T>& value) {
    return value ? Poco::Nullable<T>(*value) : Poco::Nullable<T>();
}

std::optional<std::int64_t> opt_int(const RecordSet& rs, const char* column, std::size_t row) {
    const auto value = rs.value(column, row);
    if (value.isEmpty()) return std::nullopt;
    return value.convert<Poco::Int64>();
}

std::optional<double> opt_double(const RecordSet& rs, const char* column, std::size_t row) {
    const auto value = rs.value(column, row);
    if (value.isEmpty()) return std::nullopt;
    return value.convert<double>();
}

std::string text(const RecordSet& rs, const char* column, std::size_t row) {
    const auto value = rs.value(column, row);
    return value.isEmpty() ? std::string{} : value.convert<std::string>();
}

std::vector<JobRecord> read_rows(const RecordSet& rs) {
    std::vector<JobRecord> out;
    out.reserve(rs.rowCount());
    for (std::size_t row = 0; row < rs.rowCount(); ++row) {
        JobRecord r;
        r.row_id = rs.value("row_id", row).convert<Poco::Int64>();
        r.job_id = text(rs, "job_id", row);
        r.attempt = rs.value("attempt", row).convert<int>();
        r.active = rs.value("active", row).convert<int>() != 0;
        r.state = parse_job_state(text(rs, "state", row)).value_or(JobState::lost);
        r.manager = text(rs, "manager", row);
        r.tool_id = text(rs, "tool_id", row);
        r.tool_version = text(rs, "tool_version", row);
        r.owner = text(rs, "owner", row);
        r.user = text(rs, "user_name", row);
        r.group = text(rs, "group_name", row);
        r.executor = text(rs, "executor", row);
        r.external_id = text(rs, "external_id", row);
        if (auto rc = opt_int(rs, "return_code", row)) r.return_code = static_cast<int>(*rc);
        r.failure_reason = text(rs, "failure_reason", row);
        r.failure_detail = text(rs, "failure_detail", row);
        r.cancel_requested = rs.value("cancel_requested", row).convert<int>() != 0;
        r.created_ms = rs.value("created_ms", row).convert<Poco::Int64>();
        r.updated_ms = rs.value("updated_ms", row).convert<Poco::Int64>();
        r.submitted_ms = opt_int(rs, "submitted_ms", row);
        r.started_ms = opt_int(rs, "started_ms", row);
        r.finished_ms = opt_int(rs, "finished_ms", row);
        r.cleaned_ms = opt_int(rs, "cleaned_ms", row);
        r.cpu_seconds = opt_double(rs, "cpu_seconds", row);
        r.elapsed_seconds = opt_double(rs, "elapsed_seconds", row);
        r.max_rss_kb = opt_int(rs, "max_rss_kb", row);
        r.launch = text(rs, "launch", row);
        out.push_back(std::move(r));
    }
    return out;
}

template <typename F>
auto guarded(const char* what, F&& f) {
    try {
        return f();
    } catch (const Poco::Exception& e) {
        throw_io_error(std::string("job store: ") + what + ": " + e.displayText());
    }
}

}  // namespace

JobStore::JobStore(Database& db) : m_db(db) {
    guarded("loading active jobs", [&] {
        m_db.with_session([&](Poco::Data::Session& session) {
            Poco::Data::Statement select(session);
            select << "SELECT " << k_columns << " FROM jobs WHERE active = 1", now;
            for (JobRecord& record : read_rows(RecordSet(select))) {
                const auto it = m_active.find(record.job_id);
                if (it != m_active.end() && it->second.row_id > record.row_id) continue;
                std::string id = record.job_id;
                m_active.insert_or_assign(std::move(id), std::move(record));
            }
        });
    });
}

std::optional<JobRecord> JobStore::find(std::string_view job_id) const {
    std::shared_lock lock(m_cache_mutex);
    const auto it = m_active.find(job_id);
    if (it == m_active.end()) return std::nullopt;
    return it->second;
}

std::vector<JobRecord> JobStore::active_jobs() const {
    std::shared_lock lock(m_cache_mutex);
    std::vector<JobRecord> out;
    out.reserve(m_active.size());
    for (const auto& [id, record] : m_active) out.push_back(record);
    return out;
}

std::map<JobState, std::size_t> JobStore::count_active_by_state() const {
    std::shared_lock lock(m_cache_mutex);
    std::map<JobState, std::size_t> counts;
    for (const auto& [id, record] : m_active) ++counts[record.state];
    return counts;
}

void JobStore::write(Poco::Data::Session& session, const JobRecord& r) {
    std::string state(to_string(r.state));
    int active = r.active ? 1 : 0;
    int cancel = r.cancel_requested ? 1 : 0;
    Poco::Nullable<int> rc = r.return_code ? Poco::Nullable<int>(*r.return_code) : Poco::Nullable<int>();
    Poco::Nullable<Poco::Int64> submitted = nullable<Poco::Int64>(r.submitted_ms);
    Poco::Nullable<Poco::Int64> started = nullable<Poco::Int64>(r.started_ms);
    Poco::Nullable<Poco::Int64> finished = nullable<Poco::Int64>(r.finished_ms);
    Poco::Nullable<Poco::Int64> cleaned = nullable<Poco::Int64>(r.cleaned_ms);
    Poco::Nullable<double> cpu = nullable<double>(r.cpu_seconds);
    Poco::Nullable<double> elapsed = nullable<double>(r.elapsed_seconds);
    Poco::Nullable<Poco::Int64> rss = nullable<Poco::Int64>(r.max_rss_kb);
    Poco::Int64 created = r.created_ms, updated = r.updated_ms, row_id = r.row_id;
    session << "UPDATE jobs SET active=?, state=?, manager=?, tool_id=?, tool_version=?, user_name=?, group_name=?, "
               "executor=?, external_id=?, return_code=?, failure_reason=?, failure_detail=?, cancel_requested=?, "
               "created_ms=?, updated_ms=?, submitted_ms=?, started_ms=?, finished_ms=?, cleaned_ms=?, cpu_seconds=?, "
               "elapsed_seconds=?, max_rss_kb=?, launch=? WHERE row_id=?",
        use(active), bind(state), bind(r.manager), bind(r.tool_id), bind(r.tool_version), bind(r.user), bind(r.group),
        bind(r.executor), bind(r.external_id), use(rc), bind(r.failure_reason), bind(r.failure_detail), use(cancel),
        use(created), use(updated), use(submitted), use(started), use(finished), use(cleaned), use(cpu), use(elapsed),
        use(rss), bind(r.launch), use(row_id), now;
}

void JobStore::write_with_audit(Poco::Data::Session& session, const JobRecord& record,
                                const std::vector<AuditEntry>& audit) {
    if (audit.empty()) {
        write(session, record);
        return;
    }
    session.begin();
    try {
        write(session, record);
        for (const AuditEntry& entry : audit) append_audit(session, entry);
        session.commit();
    } catch (...) {
        session.rollback();
        throw;
    }
}

JobRecord JobStore::insert_attempt(JobRecord record, std::vector<AuditEntry> audit) {
    record.created_ms = record.updated_ms = now_ms();
    record.active = true;
    std::optional<JobRecord> previous = find(record.job_id);
    guarded("creating job", [&] {
        m_db.with_session([&](Poco::Data::Session& session) {
            session.begin();
            try {
                int max_attempt = 0;
                session << "SELECT COALESCE(MAX(attempt), 0) FROM jobs WHERE job_id = ?", bind(record.job_id),
                    into(max_attempt), now;
                record.attempt = max_attempt + 1;
                session << "UPDATE jobs SET active = 0 WHERE job_id = ? AND active = 1", bind(record.job_id), now;
                std::string state(to_string(record.state));
                Poco::Int64 created = record.created_ms;
                session << "INSERT INTO jobs (job_id, attempt, active, state, manager, owner, created_ms, updated_ms) "
                           "VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
                    bind(record.job_id), use(record.attempt), bind(state), bind(record.manager), bind(record.owner),
                    use(created), use(created), now;
                Poco::Int64 row_id = 0;
                session << "SELECT last_insert_rowid()", into(row_id), now;
                record.row_id = row_id;
                write(session, record);
                for (AuditEntry& entry : audit) {
                    entry.job_id = record.job_id;
                    entry.attempt = record.attempt;
                    append_audit(session, entry);
                }
                session.commit();
            } catch (...) {
                session.rollback();
                throw;
            }
        });
    });
    std::unique_lock lock(m_cache_mutex);
    m_active.insert_or_assign(record.job_id, record);
    return record;
}

void JobStore::save(JobRecord& record, const std::vector<AuditEntry>& audit) {
    record.updated_ms = now_ms();
    // The cache lock is held across the write so that the cache and the database agree.
    std::unique_lock lock(m_cache_mutex);
    const auto it = m_active.find(record.job_id);
    // A late save of an attempt that a newer one has replaced must not make it active again.
    if (record.active && it != m_active.end() && it->second.row_id > record.row_id) record.active = false;
    guarded("saving job", [&] {
        m_db.with_session([&](Poco::Data::Session& session) { write_with_audit(session, record, audit); });
    });
    if (record.active) {
        m_active.insert_or_assign(record.job_id, record);
    } else if (it != m_active.end() && it->second.row_id == record.row_id) {
        m_active.erase(it);
    }
}

std::vector<JobRecord> JobStore::query(const JobQuery& q) const {
    std::string sql = std::string("SELECT ") + k_columns + " FROM jobs WHERE 1=1";
    std::string state = q.state ? std::string(to_string(*q.state)) : std::string{};
    Poco::Int64 since = q.since_ms.value_or(0), until = q.until_ms.value_or(0);
    int limit = q.limit, offset = q.offset;
    if (q.state) sql += " AND state = :state";
    if (!q.user.empty()) sql += " AND user_name = :user";
    if (!q.group.empty()) sql += " AND group_name = :grp";
    if (!q.tool_id.empty()) sql += " AND tool_id = :tool";
    if (!q.owner.empty()) sql += " AND owner = :owner";
    if (q.since_ms) sql += " AND created_ms >= :since";
    if (q.until_ms) sql += " AND created_ms < :until";
    if (q.active_only) sql += " AND active = 1";
    sql += " ORDER BY row_id DESC LIMIT :limit OFFSET :offset";
    return guarded("listing jobs", [&] {
        return m_db.with_session([&](Poco::Data::Session& session) {
            Poco::Data::Statement select(session);
            select << sql;
            if (q.state) select, use(state);
            if (!q.user.empty()) select, bind(q.user);
            if (!q.group.empty()) select, bind(q.group);
            if (!q.tool_id.empty()) select, bind(q.tool_id);
            if (!q.owner.empty()) select, bind(q.owner);
            if (q.since_ms) select, use(since);
            if (q.until_ms) select, use(until);
            select, use(limit), use(offset);
            select.execute();
            return read_rows(RecordSet(select));
        });
    });
}

std::vector<JobRecord> JobStore::attempts(std::string_view job_id) const {
    std::string id(job_id);
    return guarded("reading job", [&] {
        return m_db.with_session([&](Poco::Data::Session& session) {
            Poco::Data::Statement select(session);
            select << "SELECT " << k_columns << " FROM jobs WHERE job_id = ? ORDER BY attempt DESC", use(id);
            select.execute();
            return read_rows(RecordSet(select));
        });
    });
}

}  // namespace plateau::gateway
