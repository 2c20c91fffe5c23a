// How uploads end: a finished upload becomes a dataset (renamed into files/, one transaction for
// the dataset row, the upload's row and the audit entries), a final upload joins its partial
// uploads, a restart finishes what a kill interrupted, and expired uploads are removed.
#include "core/log.hpp"
#include "gateway/datasets/digests.hpp"
#include "gateway/datasets/file_join.hpp"
#include "gateway/datasets/dataset_links.hpp"
#include "gateway/datasets/upload_service.hpp"
#include "gateway/datasets/writeback.hpp"
#include "gateway/http_errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

namespace plateau::gateway {
namespace {

void sync_directory(const std::filesystem::path& dir) {
    core::UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.valid()) ::fsync(fd.get());
}

void make_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw_io_error("cannot create " + dir.string() + ": " + ec.message());
}

std::vector<std::string> split_parts(const std::string& parts) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < parts.size()) {
        const auto space = parts.find(' ', start);
        out.push_back(parts.substr(start, space - start));
        if (space == std::string::npos) break;
        start = space + 1;
    }
    return out;
}

DatasetRecord dataset_of(const UploadRecord& r, const std::string& sha256_hex) {
    DatasetRecord d;
    d.id = r.id;
    d.name = r.name.empty() ? r.id : r.name;
    d.size = r.offset;
    d.sha256 = sha256_hex;
    d.owner = r.owner;
    d.group = r.group;
    d.created_ms = now_ms();
    return d;
}

// A final upload made before its parts were complete (its first part names it).
bool placed_final(DatasetStore& store, const UploadRecord& final) {
    const auto ids = split_parts(final.parts);
    const auto first = ids.empty() ? std::nullopt : store.find_upload(ids.front());
    const auto where = first ? placement_of(*first) : std::nullopt;
    return where && where->final_id == final.id;
}

}  // namespace

void UploadService::start() {
    make_directory(config().dir / "uploads");
    make_directory(config().dir / "files");
    m_link_key = load_or_create_link_key(config().link_key_file);
    recover();
    m_sweeper = std::thread([this] { sweeper(); });
}

void UploadService::stop() {
    {
        std::lock_guard lock(m_stop_mutex);
        m_stopping = true;
    }
    m_stop_cv.notify_all();
    if (m_sweeper.joinable()) m_sweeper.join();
}

void UploadService::sweeper() {
    std::unique_lock lock(m_stop_mutex);
    while (!m_stop_cv.wait_for(lock, std::chrono::seconds(config().sweep_seconds), [this] { return m_stopping; })) {
        lock.unlock();
        try {
            if (const auto n = sweep_expired(); n > 0) core::log_info("gateway", "removed " + std::to_string(n) + " expired uploads");
        } catch (const std::exception& e) {
            core::log_error("gateway", std::string("expired uploads: ") + e.what());
        }
        lock.lock();
    }
}

std::size_t UploadService::sweep_expired() {
    std::size_t removed = 0;
    for (const UploadRecord& candidate : m_store.uploads_where("expires_ms < ?", now_ms())) {
        auto guard = lock_upload(candidate.id);
        const auto r = m_store.find_upload(candidate.id);
        if (!r || r->expires_ms >= now_ms()) continue;
        remove_upload(*r, "gateway", r->state == "active" ? "upload.expired" : "upload.forgotten");
        if (r->state == "active") m_metrics.record_staging(StagingEvent::upload_expired);
        ++removed;
    }
    return removed;
}

void UploadService::finish_single(UploadRecord& r, const std::string& sha256_hex) {
    const auto from = upload_file(r.id);
    const auto to = dataset_file(r.id);
    if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT)
        throw_http(500, "io_error", "cannot move the finished upload into the dataset area: " + std::string(std::strerror(errno)));
    ::chmod(to.c_str(), 0444);
    sync_directory(to.parent_path());
    sync_directory(from.parent_path());
    r.state = "done";
    r.expires_ms = expiry_from_now();
    const DatasetRecord d = dataset_of(r, sha256_hex);
    m_store.complete(r, d, {},
                     {dataset_audit("upload/" + r.id, r.owner, "upload.completed", {{"size", d.size}}),
                      dataset_audit("dataset/" + d.id, r.owner, "dataset.created",
                                    {{"name", d.name}, {"size", d.size}, {"sha256", d.sha256}, {"group", d.group}})});
    m_metrics.record_staging(StagingEvent::upload_completed);
    m_metrics.record_staging(StagingEvent::dataset_created);
}

UploadRecord UploadService::create_final(const CreateUpload& request, const Identity& who) {
    std::vector<UploadRecord> parts;
    std::uint64_t total = 0;
    bool complete = true;
    for (const std::string& id : request.concat.parts) {
        auto part = m_store.find_upload(id);
        if (!part || part->owner != who.name || part->concat != "partial" || part->state != "active")
            throw_http(400, "bad_concat", "'" + id + "' is not one of your partial uploads");
        if (!part->length) throw_http(400, "bad_concat", "partial upload '" + id + "' has no Upload-Length yet");
        if (!part->parts.empty()) throw_http(400, "bad_concat", "partial upload '" + id + "' belongs to another final upload");
        complete = complete && part->offset == *part->length;
        total += *part->length;
        parts.push_back(std::move(*part));
    }
    if (config().max_size > 0 && total > config().max_size) throw_http(413, "too_large", "the parts exceed Tus-Max-Size");
    if (std::set<std::string>(request.concat.parts.begin(), request.concat.parts.end()).size() != parts.size())
        throw_http(400, "bad_concat", "a partial upload is named twice");
    UploadRecord r = new_upload_record(request, who, expiry_from_now());
    r.concat = "final";
    r.length = total;
    for (const auto& p : parts) r.parts += (r.parts.empty() ? "" : " ") + p.id;
    // concatenation-unfinished: the parts still to come are written straight into the final's file.
    if (!complete) return create_placed_final(std::move(r), request.concat.parts, who);
    // No quota check: the parts hold the bytes until the join replaces them with the dataset.
    m_store.insert_upload(r, dataset_audit("upload/" + r.id, who.name, "upload.created",
                                           {{"length", total}, {"name", r.name}, {"concat", "final"}, {"parts", r.parts}}));
    m_metrics.record_staging(StagingEvent::upload_created);
    join_parts(r);
    return r;
}

void UploadService::join_parts(UploadRecord& r) {
    const std::vector<std::string> ids = split_parts(r.parts);
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::unique_lock<std::timed_mutex>> locks;
    for (const auto& id : sorted) locks.push_back(lock_upload(id));
    core::UniqueFd out(::open(joining_file(r.id).c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!out.valid()) throw_http(500, "io_error", "cannot create " + joining_file(r.id).string() + ": " + std::strerror(errno));
    std::uint64_t offset = 0;
    WritebackStarter writeback(out.get(), 0, 0);
    std::set<std::string> methods;
    for (const auto& id : ids) {
        const auto part = m_store.find_upload(id);
        if (!part || !part->length || part->offset != *part->length)
            throw_http(400, "partial_incomplete", "partial upload '" + id + "' is gone or incomplete");
        core::UniqueFd in(::open(upload_file(id).c_str(), O_RDONLY | O_CLOEXEC));
        if (!in.valid()) throw_http(500, "io_error", "cannot open partial upload " + id);
        methods.insert(to_string(append_file(out.get(), offset, in.get(), *part->length, "joining upload " + r.id)));
        offset += *part->length;
        writeback.start(offset);  // the disk writes this part while the next is copied
    }
    std::string how;
    for (const auto& m : methods) how += (how.empty() ? "" : ",") + m;
    finish_join(r, out.get(), ids, how);
}

void UploadService::finish_join(UploadRecord& r, int out_fd, const std::vector<std::string>& ids, const std::string& how) {
    const std::uint64_t size = r.length.value_or(0);
    // One read of the joined file (from the page cache, while the disk writes what is not yet
    // written): SHA-256 cannot be combined from the parts' own digests.
    const std::string sha = hash_file_prefix(out_fd, size).hex();
    if (::fsync(out_fd) != 0) throw_http(500, "io_error", std::string("fsync failed: ") + std::strerror(errno));
    ::fchmod(out_fd, 0444);
    const auto temp = joining_file(r.id);
    if (::rename(temp.c_str(), dataset_file(r.id).c_str()) != 0) throw_http(500, "io_error", "cannot rename the joined file");
    sync_directory(temp.parent_path());
    r.offset = size;
    r.state = "done";
    r.expires_ms = expiry_from_now();
    const DatasetRecord d = dataset_of(r, sha);
    m_store.complete(r, d, ids,
                     {dataset_audit("upload/" + r.id, r.owner, "upload.completed", {{"size", d.size}, {"joined_by", how}}),
                      dataset_audit("dataset/" + d.id, r.owner, "dataset.created",
                                    {{"name", d.name}, {"size", d.size}, {"sha256", d.sha256}, {"group", d.group}})});
    for (const auto& id : ids) ::unlink(upload_file(id).c_str());
    m_metrics.record_staging(StagingEvent::upload_completed);
    m_metrics.record_staging(StagingEvent::dataset_created);
}

UploadRecord UploadService::create_placed_final(UploadRecord r, const std::vector<std::string>& ids, const Identity& who) {
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::unique_lock<std::timed_mutex>> locks;
    for (const auto& id : sorted) locks.push_back(lock_upload(id));
    const auto path = joining_file(r.id);
    core::UniqueFd out(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!out.valid()) throw_http(500, "io_error", "cannot create " + path.string() + ": " + std::strerror(errno));
    try {
        // The whole file's room now: a full disk fails here, not in the middle of a part.
        if (::fallocate(out.get(), 0, 0, static_cast<off_t>(*r.length)) != 0) {
            if (errno == ENOSPC || errno == EDQUOT) throw_http(507, "insufficient_storage", "no room for the final upload");
            if (::ftruncate(out.get(), static_cast<off_t>(*r.length)) != 0) throw_http(500, "io_error", "cannot size " + path.string());
        }
        std::vector<UploadRecord> placed;
        std::uint64_t base = 0;
        for (const auto& id : ids) {
            auto part = m_store.find_upload(id);  // again, now that it is locked
            if (!part || part->state != "active" || !part->parts.empty() || !part->length)
                throw_http(409, "bad_concat", "partial upload '" + id + "' changed while the final upload was made");
            if (part->offset > 0) {  // what the part already holds moves once; the rest goes straight there
                core::UniqueFd in(::open(upload_file(id).c_str(), O_RDONLY | O_CLOEXEC));
                if (!in.valid()) throw_http(500, "io_error", "cannot open partial upload " + id);
                static_cast<void>(append_file(out.get(), base, in.get(), part->offset, "placing upload " + id));
            }
            part->parts = r.id + " " + std::to_string(base);
            base += *part->length;
            placed.push_back(std::move(*part));
        }
        if (::fdatasync(out.get()) != 0) throw_http(500, "io_error", std::string("fdatasync failed: ") + std::strerror(errno));
        sync_directory(path.parent_path());
        m_store.insert_final(r, placed, dataset_audit("upload/" + r.id, who.name, "upload.created",
                                                      {{"length", *r.length}, {"name", r.name}, {"concat", "final"},
                                                       {"parts", r.parts}, {"unfinished", true}}));
    } catch (...) {
        ::unlink(path.c_str());
        throw;
    }
    for (const auto& id : ids) ::unlink(upload_file(id).c_str());
    m_metrics.record_staging(StagingEvent::upload_created);
    return r;
}

bool UploadService::finish_placed(const std::string& final_id) {
    auto final_lock = lock_upload(final_id);
    auto r = m_store.find_upload(final_id);
    if (!r || r->state != "active" || r->concat != "final") return false;
    const std::vector<std::string> ids = split_parts(r->parts);
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::unique_lock<std::timed_mutex>> locks;
    for (const auto& id : sorted) locks.push_back(lock_upload(id));
    for (const auto& id : ids) {
        const auto part = m_store.find_upload(id);
        if (!part || !part->length || part->offset != *part->length) return false;
    }
    // A kill between the rename into files/ and the commit: the rename is done again.
    if (::access(joining_file(final_id).c_str(), F_OK) != 0) ::rename(dataset_file(final_id).c_str(), joining_file(final_id).c_str());
    // Every part's bytes were fdatasync'ed into this file before its offset was saved.
    core::UniqueFd out(::open(joining_file(final_id).c_str(), O_RDONLY | O_CLOEXEC));  // fsync works on it
    if (!out.valid()) throw_http(500, "io_error", "cannot open the file of final upload " + final_id);
    finish_join(*r, out.get(), ids, "placed");
    return true;
}

// After a kill: a finished upload whose file was moved but whose row was not saved is finished
// again (its file hashed), an interrupted join is redone, and stray files are removed.
void UploadService::recover() {
    std::set<std::string> known;
    std::set<std::string> placed;  // finals whose parts write into their file: it stays
    for (UploadRecord& r : m_store.uploads_where("created_ms > ?", -1)) {
        known.insert(r.id);
        if (r.state != "active") continue;
        try {
            if (r.concat == "final" && placed_final(m_store, r)) {
                placed.insert(r.id);
                static_cast<void>(finish_placed(r.id));
            } else if (r.concat == "final") {
                join_parts(r);
            } else if (r.length && r.offset == *r.length && r.concat.empty()) {
                core::UniqueFd fd(::open(dataset_file(r.id).c_str(), O_RDONLY | O_CLOEXEC));
                if (!fd.valid()) fd.reset(::open(upload_file(r.id).c_str(), O_RDONLY | O_CLOEXEC));
                if (fd.valid()) finish_single(r, hash_file_prefix(fd.get(), r.offset).hex());
            }
        } catch (const std::exception& e) {
            core::log_warn("gateway", "upload " + r.id + " could not be finished at start: " + e.what());
        }
    }
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(config().dir / "uploads", ec))
        if (!known.contains(entry.path().filename().string())) std::filesystem::remove(entry.path(), ec);
    for (const auto& entry : std::filesystem::directory_iterator(config().dir / "files", ec))
        if (entry.path().extension() == ".joining" && !placed.contains(entry.path().stem().string()))
            std::filesystem::remove(entry.path(), ec);
}

}  // namespace plateau::gateway
