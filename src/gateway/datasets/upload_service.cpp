#include "gateway/datasets/upload_service.hpp"

#include "core/log.hpp"
#include "core/report/json.hpp"
#include "gateway/datasets/digests.hpp"
#include "gateway/datasets/writeback.hpp"
#include "gateway/http_errors.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <vector>

namespace plateau::gateway {
namespace {

constexpr std::size_t k_block = 1 << 20;
constexpr std::uint64_t k_writeback_step = 8 << 20;  // write-back is started every 8 MiB of a body

std::string new_upload_id() {
    std::random_device rd;
    std::string id;
    static constexpr char k_digits[] = "0123456789abcdef";
    for (int i = 0; i < 4; ++i) {
        std::uint32_t v = rd();
        for (int k = 0; k < 8; ++k, v >>= 4) id.push_back(k_digits[v & 15]);
    }
    return id;
}

bool valid_id(std::string_view id) {
    return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

void write_at(int fd, const char* data, std::size_t size, std::uint64_t offset) {
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const bool full = errno == ENOSPC || errno == EDQUOT;
            throw_http(full ? 507 : 500, full ? "insufficient_storage" : "io_error", std::string("write failed: ") + std::strerror(errno));
        }
        data += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

}  // namespace

UploadRecord new_upload_record(const CreateUpload& request, const Identity& who, std::int64_t expires_ms) {
    UploadRecord r;
    r.id = new_upload_id();
    r.owner = who.name;
    r.group = who.group.empty() ? who.name : who.group;
    r.length = request.length;
    r.metadata = request.metadata;
    r.name = metadata_name(parse_upload_metadata(request.metadata));
    r.concat = request.concat.kind == UploadConcat::Kind::partial ? "partial" : "";
    r.hash_state = ResumableSha256().save();
    r.created_ms = now_ms();
    r.expires_ms = expires_ms;
    return r;
}

AuditEntry dataset_audit(const std::string& subject, const std::string& actor, const std::string& action,
                         const nlohmann::json& detail) {
    AuditEntry entry;
    entry.job_id = subject;
    entry.actor = actor;
    entry.action = action;
    entry.detail = core::dump_json(detail);
    return entry;
}

UploadService::UploadService(const GatewayConfig& config, Database& db, Metrics& metrics)
    : m_config(config), m_store(db), m_metrics(metrics) {}

UploadService::~UploadService() { stop(); }

std::filesystem::path UploadService::dataset_file(const std::string& id) const { return config().dir / "files" / id; }
std::filesystem::path UploadService::upload_file(const std::string& id) const { return config().dir / "uploads" / id; }
std::filesystem::path UploadService::joining_file(const std::string& id) const {
    return config().dir / "files" / (id + ".joining");
}

std::optional<PartPlacement> placement_of(const UploadRecord& partial) {
    const auto space = partial.parts.find(' ');
    if (partial.concat != "partial" || space == std::string::npos) return std::nullopt;
    return PartPlacement{partial.parts.substr(0, space), std::stoull(partial.parts.substr(space + 1))};
}
std::int64_t UploadService::expiry_from_now() const { return now_ms() + std::int64_t{config().expire_seconds} * 1000; }

std::unique_lock<std::timed_mutex> UploadService::lock_upload(const std::string& id) {
    std::shared_ptr<std::timed_mutex> mutex;
    {
        std::lock_guard lock(m_locks_mutex);
        auto& slot = m_locks[id];
        if (!slot) slot = std::make_shared<std::timed_mutex>();
        mutex = slot;
    }
    std::unique_lock lock(*mutex, std::defer_lock);
    // A PATCH whose client went away holds the lock until its body times out.
    if (!lock.try_lock_for(std::chrono::seconds(30)))
        throw_http(409, "upload_busy", "upload " + id + " is being written by another request");
    // The mutex lives as long as the map holds it; entries are dropped with the upload.
    static_cast<void>(mutex);
    return lock;
}

std::uint64_t UploadService::quota_allowance(const std::string& group, const std::string& except) {
    const std::uint64_t quota = group_quota(config(), group);
    if (quota == 0) return ~std::uint64_t{0};
    const std::uint64_t used = m_store.group_usage(group, except);
    return used >= quota ? 0 : quota - used;
}

void UploadService::check_quota(const std::string& group, const std::string& except, std::uint64_t wanted) {
    const std::uint64_t allowance = quota_allowance(group, except);
    if (wanted > allowance) {
        m_metrics.record_staging(StagingEvent::quota_refused);
        throw_http(413, "quota_exceeded", "group '" + group + "' has " + std::to_string(allowance) +
                                              " bytes left of its quota of " + std::to_string(group_quota(config(), group)) +
                                              "; this upload needs " + std::to_string(wanted));
    }
}

UploadRecord UploadService::create(const CreateUpload& request, const Identity& who) {
    if (request.concat.kind == UploadConcat::Kind::final) return create_final(request, who);
    const std::uint64_t max = config().max_size;
    if (request.length && max > 0 && *request.length > max)
        throw_http(413, "too_large", "Upload-Length " + std::to_string(*request.length) + " exceeds Tus-Max-Size " + std::to_string(max));
    UploadRecord r = new_upload_record(request, who, expiry_from_now());
    {
        std::lock_guard quota(m_quota_mutex);
        check_quota(r.group, "", r.length.value_or(0));
        m_store.insert_upload(r, dataset_audit("upload/" + r.id, who.name, "upload.created",
                                               {{"length", r.length ? nlohmann::json(*r.length) : nlohmann::json()},
                                                {"name", r.name}, {"concat", r.concat}, {"group", r.group}}));
    }
    core::UniqueFd fd(::open(upload_file(r.id).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (!fd.valid()) throw_http(500, "io_error", "cannot create the upload file: " + std::string(std::strerror(errno)));
    m_metrics.record_staging(StagingEvent::upload_created);
    if (r.length == std::uint64_t{0}) {
        auto guard = lock_upload(r.id);
        if (r.concat.empty()) finish_single(r, ResumableSha256().hex());
    }
    return r;
}

UploadRecord UploadService::find(const std::string& id, const Identity& who) {
    auto record = valid_id(id) ? m_store.find_upload(id) : std::nullopt;
    if (!record || record->owner != who.name) throw_http(404, "unknown_upload", "no upload '" + id + "'");
    if (record->state == "active" && record->expires_ms < now_ms()) {
        remove_upload(*record, "gateway", "upload.expired");
        m_metrics.record_staging(StagingEvent::upload_expired);
        throw_http(410, "upload_expired", "upload '" + id + "' expired");
    }
    return std::move(*record);
}

void UploadService::terminate(const std::string& id, const Identity& who) {
    auto guard = lock_upload(id);
    const UploadRecord r = find(id, who);
    remove_upload(r, who.name, "upload.terminated");
    m_metrics.record_staging(StagingEvent::upload_terminated);
}

void UploadService::remove_upload(const UploadRecord& r, const std::string& actor, const std::string& action) {
    if (r.state == "active") ::unlink(upload_file(r.id).c_str());
    if (r.state == "active" && r.concat == "final") ::unlink(joining_file(r.id).c_str());
    m_store.delete_upload(r.id, dataset_audit("upload/" + r.id, actor, action, {{"offset", r.offset}, {"state", r.state}}));
    std::lock_guard lock(m_locks_mutex);
    m_locks.erase(r.id);
}

// Why a PATCH body may not go on: 413 with this reason.
struct OverLimit {
    const char* reason;
    const char* message;
    [[noreturn]] void raise(Metrics& metrics) const {
        if (std::string_view(reason) == "quota_exceeded") metrics.record_staging(StagingEvent::quota_refused);
        throw_http(413, reason, message);
    }
};

// Writes one PATCH body at the upload's offset: blocks straight from the socket to the file,
// hashed on the way; the offset is committed as the durability rule says.
struct UploadWriter {
    UploadService& service;
    DatasetStore& store;
    UploadRecord& record;
    int fd;
    ResumableSha256 sha;
    bool hash_body;  // false for a partial upload (Upload-Concat: partial)
    std::uint64_t base = 0;  // where the upload's byte 0 lies in `fd` (a part placed in its final's file)

    void commit() {
        if (::fdatasync(fd) != 0) throw_http(500, "io_error", std::string("fdatasync failed: ") + std::strerror(errno));
        record.hash_state = sha.save();
        record.expires_ms = service.expiry_from_now();
        store.save_progress(record);
    }

    // Reads at most `limit` bytes; returns how many were written. `over_limit` is thrown when the
    // body has more (413).
    std::uint64_t run(const PatchRequest& request, const BodyReader& body, std::uint64_t limit, const OverLimit& over) {
        std::optional<RequestDigest> digest;
        if (request.checksum) digest.emplace(request.checksum->algorithm);
        std::vector<char> buffer(k_block);
        const std::uint64_t start = record.offset;
        std::uint64_t since_commit = 0;
        WritebackStarter writeback(fd, base + start, k_writeback_step);
        while (true) {
            std::uint64_t want = buffer.size();
            if (request.content_length) want = std::min(want, *request.content_length - (record.offset - start));
            if (want == 0) break;
            // One byte past the limit is asked for, to tell a body that ends there from one that goes on.
            const std::uint64_t room = limit - (record.offset - start);
            const std::size_t got = body(buffer.data(), static_cast<std::size_t>(room >= want ? want : room + 1));
            if (got == 0) break;
            if (got > room) over.raise(service.m_metrics);
            write_at(fd, buffer.data(), got, base + record.offset);
            writeback.wrote_up_to(base + record.offset + got);
            if (hash_body) sha.update(buffer.data(), got);
            if (digest) digest->update(buffer.data(), got);
            record.offset += got;
            since_commit += got;
            if (!digest && since_commit >= service.config().checkpoint_bytes) {
                commit();
                since_commit = 0;
            }
        }
        if (digest && digest->finish() != request.checksum->digest) {
            service.m_metrics.record_staging(StagingEvent::checksum_mismatch);
            throw_http(460, "checksum_mismatch", "the body does not match its Upload-Checksum; nothing was kept");
        }
        return record.offset - start;
    }
};

UploadRecord UploadService::patch(const std::string& id, const PatchRequest& request, const BodyReader& body,
                                  const Identity& who) {
    auto guard = lock_upload(id);
    UploadRecord r = find(id, who);
    if (r.concat == "final") throw_http(403, "final_upload", "a final upload cannot be written to");
    if (r.state != "active") throw_http(403, "upload_complete", "the upload is complete; it is dataset " + r.id);
    if (request.offset != r.offset)
        throw_http(409, "offset_mismatch", "Upload-Offset " + std::to_string(request.offset) + " is not the upload's offset " +
                                               std::to_string(r.offset));
    if (request.length && !r.length) {
        if (*request.length < r.offset) throw_http(400, "bad_length", "Upload-Length is below the bytes already received");
        if (config().max_size > 0 && *request.length > config().max_size) throw_http(413, "too_large", "Upload-Length exceeds Tus-Max-Size");
        r.length = request.length;
    } else if (request.length && request.length != r.length) {
        throw_http(400, "bad_length", "Upload-Length cannot be changed once set");
    }
    std::uint64_t limit = r.length ? *r.length - r.offset : ~std::uint64_t{0};
    if (!r.length && config().max_size > 0) limit = config().max_size - std::min(config().max_size, r.offset);
    OverLimit over{"too_large", "the body goes past the upload's length (or Tus-Max-Size)"};
    {
        std::lock_guard quota(m_quota_mutex);
        const std::uint64_t allowance = quota_allowance(r.group, r.id);
        // A declared length was reserved at creation; it is checked again (the quota may have shrunk).
        if (r.length && *r.length > allowance) check_quota(r.group, r.id, *r.length);
        const std::uint64_t room = allowance > r.offset ? allowance - r.offset : 0;
        if (!r.length && room < limit) {
            limit = room;
            over = {"quota_exceeded", "the group's quota is used up"};
        }
    }
    if (request.content_length && *request.content_length > limit) over.raise(m_metrics);
    std::uint64_t base = 0;
    const core::UniqueFd fd = open_for_patch(r, base);
    const auto placed = placement_of(r);
    const bool hashed = r.concat != "partial";  // a partial's own SHA-256 is never used: the join hashes the joined file
    auto sha = hashed ? ResumableSha256::restore(r.hash_state) : std::optional<ResumableSha256>(ResumableSha256());
    if (hashed && (!sha || sha->bytes() != r.offset)) sha = hash_file_prefix(fd.get(), r.offset);
    UploadWriter writer{*this, m_store, r, fd.get(), *sha, hashed, base};
    const UploadRecord before = r;
    std::uint64_t written = 0;
    try {
        written = writer.run(request, body, limit, over);
    } catch (...) {
        if (request.checksum) {
            r = before;  // nothing of this request is kept (in a final's file, it will be written over)
            if (!placed) (void)::ftruncate(fd.get(), static_cast<off_t>(r.offset));
        } else if (r.offset != before.offset) {
            writer.commit();  // what arrived is kept; the client resumes from HEAD's offset
        }
        m_metrics.add_uploaded(r.offset - before.offset);
        throw;
    }
    writer.commit();
    m_metrics.add_uploaded(written);
    if (r.length && r.offset == *r.length && r.concat.empty()) finish_single(r, writer.sha.hex());
    if (placed && r.offset == r.length) {
        guard.unlock();
        join_if_last(placed->final_id);
    }
    return r;
}

void UploadService::join_if_last(const std::string& final_id) {
    try {  // the last part to complete joins the final upload; HEAD on the final tries again
        static_cast<void>(finish_placed(final_id));
    } catch (const std::exception& e) {
        core::log_warn("gateway", "final upload " + final_id + " not joined yet: " + e.what());
    }
}

core::UniqueFd UploadService::open_for_patch(const UploadRecord& r, std::uint64_t& base) {
    const auto placed = placement_of(r);
    base = placed ? placed->base : 0;
    const auto path = placed ? joining_file(placed->final_id) : upload_file(r.id);
    core::UniqueFd fd(::open(path.c_str(), placed ? O_RDWR | O_CLOEXEC : O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd.valid() && placed) throw_http(410, "upload_expired", "the final upload this part belongs to is gone");
    if (!fd.valid()) throw_http(500, "io_error", "cannot open the upload file: " + std::string(std::strerror(errno)));
    // Bytes past the committed offset (a request cut short by a kill, a refused checksum) go; in
    // a final's file they are written over when the part goes on from its committed offset.
    if (!placed && ::ftruncate(fd.get(), static_cast<off_t>(r.offset)) != 0)
        throw_http(500, "io_error", "cannot truncate the upload file");
    return fd;
}

}  // namespace plateau::gateway
