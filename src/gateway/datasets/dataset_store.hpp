// The rows of the dataset area in the gateway's SQLite database: tus uploads (owner, declared
// length, durable offset with the SHA-256 state that covers exactly those bytes, expiry) and
// datasets (name, size, sha256, owner, group, when). Every change that must survive a kill is
// one transaction; an upload's completion (dataset row, upload done, partial rows removed, audit
// entries) is a single one.
#pragma once

#include "gateway/audit.hpp"
#include "gateway/database.hpp"
#include "gateway/job_record.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plateau::gateway {

struct UploadRecord {
    std::string id;
    std::string owner;
    std::string group;
    std::optional<std::uint64_t> length;  // nullopt: Upload-Defer-Length
    std::uint64_t offset = 0;              // bytes durably written (fdatasync before the row is saved)
    std::string metadata;                  // the Upload-Metadata header as sent
    std::string name;                      // from metadata (filename/name), else empty
    std::string concat;                    // "", "partial" or "final"
    std::string parts;                     // final: the partial ids, space-separated, in order; partial:
                                           // "<final id> <offset>" once a final names it before it is
                                           // complete (its bytes then go straight into the final's file)
    std::string hash_state;                // ResumableSha256::save() at `offset`
    std::string state = "active";          // active, done
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
};

struct DatasetRecord {
    std::string id;
    std::string name;
    std::uint64_t size = 0;
    std::string sha256;
    std::string owner;
    std::string group;
    std::int64_t created_ms = 0;
};

class DatasetStore {
public:
    explicit DatasetStore(Database& db) : m_db(db) {}

    void insert_upload(const UploadRecord& record, const AuditEntry& audit);
    [[nodiscard]] std::optional<UploadRecord> find_upload(const std::string& id);
    // Saves offset, hash_state, expires_ms and length of `record`.
    void save_progress(const UploadRecord& record);
    void delete_upload(const std::string& id, const AuditEntry& audit);
    // One transaction: the final upload's row and the `parts` column of each placed partial upload.
    void insert_final(const UploadRecord& final, const std::vector<UploadRecord>& placed, const AuditEntry& audit);
    [[nodiscard]] std::vector<UploadRecord> uploads_where(const std::string& condition, std::int64_t value);

    // One transaction: the dataset row, `upload` saved as done (offset = length), the rows of
    // `removed` uploads deleted, and the audit entries.
    void complete(const UploadRecord& upload, const DatasetRecord& dataset, const std::vector<std::string>& removed,
                  const std::vector<AuditEntry>& audit);

    [[nodiscard]] std::optional<DatasetRecord> find_dataset(const std::string& id);
    [[nodiscard]] std::vector<DatasetRecord> datasets();
    void delete_dataset(const std::string& id, const AuditEntry& audit);
    void record(const AuditEntry& audit);

    // Bytes the group holds: its datasets, and the declared length (the offset, when deferred)
    // of its unfinished uploads other than `except` (final uploads count nothing: their parts do).
    [[nodiscard]] std::uint64_t group_usage(const std::string& group, const std::string& except);

private:
    Database& m_db;
};

}  // namespace plateau::gateway
