#include "gateway/datasets/dataset_store.hpp"

#include "core/error.hpp"

#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>

namespace plateau::gateway {
namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;

constexpr const char* k_upload_columns =
    "id, owner, group_name, length, offset, metadata, name, concat, parts, hash_state, state, created_ms, expires_ms";
constexpr const char* k_dataset_columns = "id, name, size, sha256, owner, group_name, created_ms";

template <typename F>
auto guarded(const char* what, F&& f) {
    try {
        return f();
    } catch (const Poco::Exception& e) {
        throw_io_error(std::string("dataset store: ") + what + ": " + e.displayText());
    }
}

std::string text(const RecordSet& rs, std::size_t column, std::size_t row) {
    const auto value = rs.value(column, row);
    return value.isEmpty() ? std::string{} : value.convert<std::string>();
}

std::string blob_text(const RecordSet& rs, std::size_t column, std::size_t row) {
    const auto value = rs.value(column, row);
    if (value.isEmpty()) return {};
    const auto& blob = value.extract<Poco::Data::BLOB>();
    return std::string(reinterpret_cast<const char*>(blob.rawContent()), blob.size());
}

std::vector<UploadRecord> read_uploads(const RecordSet& rs) {
    std::vector<UploadRecord> out;
    for (std::size_t row = 0; row < rs.rowCount(); ++row) {
        UploadRecord r;
        r.id = text(rs, 0, row);
        r.owner = text(rs, 1, row);
        r.group = text(rs, 2, row);
        if (!rs.value(3, row).isEmpty()) r.length = rs.value(3, row).convert<Poco::UInt64>();
        r.offset = rs.value(4, row).convert<Poco::UInt64>();
        r.metadata = text(rs, 5, row);
        r.name = text(rs, 6, row);
        r.concat = text(rs, 7, row);
        r.parts = text(rs, 8, row);
        r.hash_state = blob_text(rs, 9, row);
        r.state = text(rs, 10, row);
        r.created_ms = rs.value(11, row).convert<Poco::Int64>();
        r.expires_ms = rs.value(12, row).convert<Poco::Int64>();
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<DatasetRecord> read_datasets(const RecordSet& rs) {
    std::vector<DatasetRecord> out;
    for (std::size_t row = 0; row < rs.rowCount(); ++row) {
        DatasetRecord d;
        d.id = text(rs, 0, row);
        d.name = text(rs, 1, row);
        d.size = rs.value(2, row).convert<Poco::UInt64>();
        d.sha256 = text(rs, 3, row);
        d.owner = text(rs, 4, row);
        d.group = text(rs, 5, row);
        d.created_ms = rs.value(6, row).convert<Poco::Int64>();
        out.push_back(std::move(d));
    }
    return out;
}

Poco::Nullable<Poco::Int64> nullable_length(const UploadRecord& r) {
    return r.length ? Poco::Nullable<Poco::Int64>(static_cast<Poco::Int64>(*r.length)) : Poco::Nullable<Poco::Int64>();
}

void save_progress_in(Poco::Data::Session& s, const UploadRecord& r) {
    Poco::Int64 offset = static_cast<Poco::Int64>(r.offset);
    Poco::Int64 expires = r.expires_ms;
    auto length = nullable_length(r);
    Poco::Data::BLOB state(reinterpret_cast<const unsigned char*>(r.hash_state.data()), r.hash_state.size());
    s << "UPDATE uploads SET offset = ?, hash_state = ?, expires_ms = ?, length = ?, state = ? WHERE id = ?", use(offset),
        use(state), use(expires), use(length), bind(r.state), bind(r.id), now;
}

template <typename F>
void in_transaction(Poco::Data::Session& s, F&& f) {
    s.begin();
    try {
        f();
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

}  // namespace

void DatasetStore::insert_upload(const UploadRecord& r, const AuditEntry& audit) {
    guarded("creating an upload", [&] {
        m_db.with_session([&](Poco::Data::Session& s) {
            in_transaction(s, [&] {
                auto length = nullable_length(r);
                Poco::Int64 offset = static_cast<Poco::Int64>(r.offset);
                Poco::Int64 created = r.created_ms;
                Poco::Int64 expires = r.expires_ms;
                Poco::Data::BLOB state(reinterpret_cast<const unsigned char*>(r.hash_state.data()), r.hash_state.size());
                s << "INSERT INTO uploads (id, owner, group_name, length, offset, metadata, name, concat, parts, "
                     "hash_state, state, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    bind(r.id), bind(r.owner), bind(r.group), use(length), use(offset), bind(r.metadata), bind(r.name),
                    bind(r.concat), bind(r.parts), use(state), bind(r.state), use(created), use(expires), now;
                append_audit(s, audit);
            });
        });
    });
}

void DatasetStore::insert_final(const UploadRecord& final, const std::vector<UploadRecord>& placed, const AuditEntry& audit) {
    guarded("creating a final upload", [&] {
        m_db.with_session([&](Poco::Data::Session& s) {
            in_transaction(s, [&] {
                Poco::Int64 length = static_cast<Poco::Int64>(final.length.value_or(0));
                Poco::Int64 created = final.created_ms;
                Poco::Int64 expires = final.expires_ms;
                s << "INSERT INTO uploads (id, owner, group_name, length, offset, metadata, name, concat, parts, "
                     "state, created_ms, expires_ms) VALUES (?, ?, ?, ?, 0, ?, ?, 'final', ?, 'active', ?, ?)",
                    bind(final.id), bind(final.owner), bind(final.group), use(length), bind(final.metadata), bind(final.name),
                    bind(final.parts), use(created), use(expires), now;
                for (const UploadRecord& p : placed) s << "UPDATE uploads SET parts = ? WHERE id = ?", bind(p.parts), bind(p.id), now;
                append_audit(s, audit);
            });
        });
    });
}

std::optional<UploadRecord> DatasetStore::find_upload(const std::string& id) {
    auto rows = guarded("reading an upload", [&] {
        return m_db.with_session([&](Poco::Data::Session& s) {
            Poco::Data::Statement select(s);
            select << "SELECT " << k_upload_columns << " FROM uploads WHERE id = ?", bind(id), now;
            return read_uploads(RecordSet(select));
        });
    });
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::vector<UploadRecord> DatasetStore::uploads_where(const std::string& condition, std::int64_t value) {
    return guarded("listing uploads", [&] {
        return m_db.with_session([&](Poco::Data::Session& s) {
            Poco::Int64 v = value;
            Poco::Data::Statement select(s);
            select << "SELECT " << k_upload_columns << " FROM uploads WHERE " << condition, use(v), now;
            return read_uploads(RecordSet(select));
        });
    });
}

void DatasetStore::save_progress(const UploadRecord& r) {
    guarded("saving an upload's offset", [&] { m_db.with_session([&](Poco::Data::Session& s) { save_progress_in(s, r); }); });
}

void DatasetStore::delete_upload(const std::string& id, const AuditEntry& audit) {
    guarded("removing an upload", [&] {
        m_db.with_session([&](Poco::Data::Session& s) {
            in_transaction(s, [&] {
                s << "DELETE FROM uploads WHERE id = ?", bind(id), now;
                append_audit(s, audit);
            });
        });
    });
}

void DatasetStore::complete(const UploadRecord& upload, const DatasetRecord& d, const std::vector<std::string>& removed,
                            const std::vector<AuditEntry>& audit) {
    guarded("recording a dataset", [&] {
        m_db.with_session([&](Poco::Data::Session& s) {
            in_transaction(s, [&] {
                Poco::Int64 size = static_cast<Poco::Int64>(d.size);
                Poco::Int64 created = d.created_ms;
                s << "INSERT INTO datasets (id, name, size, sha256, owner, group_name, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    bind(d.id), bind(d.name), use(size), bind(d.sha256), bind(d.owner), bind(d.group), use(created), now;
                save_progress_in(s, upload);
                for (const std::string& id : removed) s << "DELETE FROM uploads WHERE id = ?", bind(id), now;
                for (const AuditEntry& entry : audit) append_audit(s, entry);
            });
        });
    });
}

std::optional<DatasetRecord> DatasetStore::find_dataset(const std::string& id) {
    auto rows = guarded("reading a dataset", [&] {
        return m_db.with_session([&](Poco::Data::Session& s) {
            Poco::Data::Statement select(s);
            select << "SELECT " << k_dataset_columns << " FROM datasets WHERE id = ?", bind(id), now;
            return read_datasets(RecordSet(select));
        });
    });
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::vector<DatasetRecord> DatasetStore::datasets() {
    return guarded("listing datasets", [&] {
        return m_db.with_session([&](Poco::Data::Session& s) {
            Poco::Data::Statement select(s);
            select << "SELECT " << k_dataset_columns << " FROM datasets ORDER BY created_ms, id", now;
            return read_datasets(RecordSet(select));
        });
    });
}

void DatasetStore::delete_dataset(const std::string& id, const AuditEntry& audit) {
    guarded("removing a dataset", [&] {
        m_db.with_session([&](Poco::Data::Session& s) {
            in_transaction(s, [&] {
                s << "DELETE FROM datasets WHERE id = ?", bind(id), now;
                append_audit(s, audit);
            });
        });
    });
}

void DatasetStore::record(const AuditEntry& audit) {
    guarded("writing the audit log", [&] { m_db.with_session([&](Poco::Data::Session& s) { append_audit(s, audit); }); });
}

std::uint64_t DatasetStore::group_usage(const std::string& group, const std::string& except) {
    return guarded("summing a group's usage", [&] {
        return m_db.with_session([&](Poco::Data::Session& s) {
            Poco::Int64 datasets = 0;
            Poco::Int64 uploads = 0;
            s << "SELECT COALESCE(SUM(size), 0) FROM datasets WHERE group_name = ?", bind(group), into(datasets), now;
            s << "SELECT COALESCE(SUM(COALESCE(length, offset)), 0) FROM uploads WHERE group_name = ? AND "
                 "state = 'active' AND concat != 'final' AND id != ?",
                bind(group), bind(except), into(uploads), now;
            return static_cast<std::uint64_t>(datasets + uploads);
        });
    });
}

}  // namespace plateau::gateway
