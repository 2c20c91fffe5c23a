#include "gateway/database.hpp"

#include "core/error.hpp"
#include "gateway/job_record.hpp"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <chrono>
#include <ctime>

namespace plateau::gateway {
namespace {

using namespace Poco::Data::Keywords;

Poco::Data::Session open_session(const std::filesystem::path& file) {
    Poco::Data::SQLite::Connector::registerConnector();
    try {
        return Poco::Data::Session("SQLite", file.string());
    } catch (const Poco::Exception& e) {
        throw_io_error("cannot open job store " + file.string() + ": " + e.displayText());
    }
}

// Each entry moves the schema from version i to i+1.
constexpr const char* k_migrations[] = {
    R"sql(
CREATE TABLE jobs (
  row_id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  state TEXT NOT NULL,
  manager TEXT NOT NULL,
  tool_id TEXT NOT NULL DEFAULT '',
  tool_version TEXT NOT NULL DEFAULT '',
  user_name TEXT NOT NULL DEFAULT '',
  group_name TEXT NOT NULL DEFAULT '',
  executor TEXT NOT NULL DEFAULT '',
  external_id TEXT NOT NULL DEFAULT '',
  return_code INTEGER,
  failure_reason TEXT NOT NULL DEFAULT '',
  failure_detail TEXT NOT NULL DEFAULT '',
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  submitted_ms INTEGER,
  started_ms INTEGER,
  finished_ms INTEGER,
  cleaned_ms INTEGER,
  cpu_seconds REAL,
  elapsed_seconds REAL,
  max_rss_kb INTEGER,
  launch TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX jobs_job_attempt ON jobs(job_id, attempt);
CREATE INDEX jobs_active ON jobs(active);
CREATE INDEX jobs_finished ON jobs(finished_ms);
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_job ON audit(job_id, seq);
)sql",
    // 1 -> 2: the token identity that set a job up owns it; older jobs belong to their user.
    R"sql(
ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
UPDATE jobs SET owner = user_name;
)sql",
    // 2 -> 3: the dataset area: tus uploads (durable offset and SHA-256 state) and datasets.
    R"sql(
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  group_name TEXT NOT NULL,
  length INTEGER,
  offset INTEGER NOT NULL DEFAULT 0,
  metadata TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  concat TEXT NOT NULL DEFAULT '',
  parts TEXT NOT NULL DEFAULT '',
  hash_state BLOB,
  state TEXT NOT NULL DEFAULT 'active',
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX uploads_group ON uploads(group_name, state);
CREATE INDEX uploads_expires ON uploads(expires_ms);
CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  owner TEXT NOT NULL,
  group_name TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX datasets_group ON datasets(group_name);
)sql",
};

}  // namespace

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string iso8601(std::int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

Database::Database(const std::filesystem::path& file, bool synchronous_full)
    : m_file(file), m_session(open_session(file)) {
    try {
        std::string mode;
        m_session << "PRAGMA journal_mode=WAL", into(mode), now;
        if (mode != "wal") throw_io_error("job store " + file.string() + ": cannot enable WAL (journal_mode=" + mode + ")");
        m_session << (synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"), now;
        m_session << "PRAGMA busy_timeout=5000", now;
        m_session << "PRAGMA foreign_keys=ON", now;
        migrate();
    } catch (const Poco::Exception& e) {
        throw_io_error("job store " + file.string() + ": " + e.displayText());
    }
}

int Database::schema_version() {
    std::lock_guard lock(m_mutex);
    int version = 0;
    m_session << "PRAGMA user_version", into(version), now;
    return version;
}

void Database::migrate() {
    int version = 0;
    m_session << "PRAGMA user_version", into(version), now;
    if (version > k_schema_version)
        throw Error(ErrorCode::Unsupported, "job store " + m_file.string() + " has schema version " +
                                                std::to_string(version) + "; this gateway knows up to " +
                                                std::to_string(k_schema_version));
    for (int v = version; v < k_schema_version; ++v) {
        m_session.begin();
        try {
            // Poco's SQLite statement runs one SQL statement at a time: split on ';'.
            std::string script = k_migrations[v];
            std::size_t start = 0;
            while (start < script.size()) {
                const auto end = script.find(';', start);
                const std::string sql = script.substr(start, end == std::string::npos ? std::string::npos : end - start);
                if (sql.find_first_not_of(" \n\t") != std::string::npos) m_session << sql, now;
                if (end == std::string::npos) break;
                start = end + 1;
            }
            m_session << "PRAGMA user_version=" + std::to_string(v + 1), now;
            m_session.commit();
        } catch (...) {
            m_session.rollback();
            throw;
        }
    }
}

}  // namespace plateau::gateway
