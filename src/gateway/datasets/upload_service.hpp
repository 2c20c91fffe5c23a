// The dataset area: tus 1.0.0 uploads that become datasets (upload_service.cpp: creation, offset,
// PATCH, termination; upload_completion.cpp: a finished upload or a concatenation becoming a
// dataset, recovery after a restart, expiry; dataset_access.cpp: list, open, delete).
//
// Durability rule: the offset the gateway reports (HEAD, and Upload-Offset in a PATCH answer) is
// the number of bytes that were written and fdatasync'ed before the upload's row (offset and the
// SHA-256 state covering exactly those bytes) was committed to SQLite. A PATCH commits when it
// ends (also when its body is cut off) and every datasets.checkpoint_bytes while it runs; after a
// kill -9 the file is cut back to the committed offset when the upload is next written. A PATCH
// with Upload-Checksum commits nothing until the checksum matches (460 otherwise; the upload is
// as before the request).
#pragma once

#include "gateway/auth.hpp"
#include "gateway/config.hpp"
#include "gateway/datasets/dataset_store.hpp"
#include "gateway/datasets/tus_headers.hpp"
#include "gateway/metrics.hpp"
#include "gateway/staging.hpp"

#include "core/io/unique_fd.hpp"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace plateau::gateway {

struct CreateUpload {
    std::optional<std::uint64_t> length;  // Upload-Length; nullopt with Upload-Defer-Length: 1 or a final upload
    std::string metadata;                 // Upload-Metadata as sent
    UploadConcat concat;
};

struct PatchRequest {
    std::uint64_t offset = 0;                      // Upload-Offset
    std::optional<std::uint64_t> length;           // Upload-Length (deferred uploads)
    std::optional<std::uint64_t> content_length;   // of the body, when known
    std::optional<UploadChecksum> checksum;
};

// Where a partial upload's bytes go once a final upload names it before it is complete
// (concatenation-unfinished): straight into the final's file, at `base`.
struct PartPlacement {
    std::string final_id;
    std::uint64_t base = 0;
};
[[nodiscard]] std::optional<PartPlacement> placement_of(const UploadRecord& partial);

struct DatasetLink {
    std::string path;  // /api/v1/links/<id>/<name>?expires=...&signature=...
    std::int64_t expires_epoch = 0;
};

struct OpenDataset {
    core::UniqueFd fd;
    DatasetRecord record;
};

class UploadService {
public:
    UploadService(const GatewayConfig& config, Database& db, Metrics& metrics);
    UploadService(const UploadService&) = delete;
    UploadService& operator=(const UploadService&) = delete;
    ~UploadService();

    // Creates the directories, recovers what a kill interrupted, starts the expiry sweeper.
    void start();
    void stop();

    [[nodiscard]] UploadRecord create(const CreateUpload& request, const Identity& who);
    // The upload if `who` created it: 404 if unknown or another's, 410 if it expired.
    [[nodiscard]] UploadRecord find(const std::string& id, const Identity& who);
    [[nodiscard]] UploadRecord patch(const std::string& id, const PatchRequest& request, const BodyReader& body,
                                     const Identity& who);
    void terminate(const std::string& id, const Identity& who);
    // A final upload created before its parts were complete: joins it (SHA-256 of its file, the
    // dataset made) once every part is complete; false while one is not (or it is already done).
    bool finish_placed(const std::string& final_id);
    // Removes unfinished uploads idle past their expiry (and finished uploads' rows); returns how many.
    std::size_t sweep_expired();

    [[nodiscard]] std::vector<DatasetRecord> list(const Identity& who);
    [[nodiscard]] DatasetRecord dataset(const std::string& id, const Identity& who);
    [[nodiscard]] OpenDataset open_dataset(const std::string& id, const Identity& who);
    void remove_dataset(const std::string& id, const Identity& who);
    void record_download(const DatasetRecord& dataset, std::uint64_t bytes, std::uint64_t offset, const Identity& who);
    // A signed link (datasets/dataset_links.hpp) to a dataset `who` may read, valid ttl seconds.
    [[nodiscard]] DatasetLink make_link(const std::string& id, std::int64_t ttl_seconds, const Identity& who);
    // The dataset a link names: 403 bad_signature (tampered id, expiry or signature), 410
    // link_expired, 404 once the dataset is deleted.
    [[nodiscard]] OpenDataset open_linked(const std::string& id, const std::string& expires, const std::string& signature);
    [[nodiscard]] std::filesystem::path dataset_file(const std::string& id) const;
    [[nodiscard]] std::filesystem::path upload_file(const std::string& id) const;
    // The file a final upload is joined into before it becomes the dataset's.
    [[nodiscard]] std::filesystem::path joining_file(const std::string& id) const;
    [[nodiscard]] std::int64_t expiry_from_now() const;
    [[nodiscard]] const DatasetConfig& config() const { return m_config.datasets; }

private:
    friend struct UploadWriter;
    [[nodiscard]] std::unique_lock<std::timed_mutex> lock_upload(const std::string& id);
    [[nodiscard]] bool may_read(const DatasetRecord& dataset, const Identity& who) const;
    void check_quota(const std::string& group, const std::string& except, std::uint64_t wanted);
    [[nodiscard]] std::uint64_t quota_allowance(const std::string& group, const std::string& except);
    [[nodiscard]] UploadRecord create_final(const CreateUpload& request, const Identity& who);
    void finish_single(UploadRecord& record, const std::string& sha256_hex);
    void join_parts(UploadRecord& record);
    [[nodiscard]] UploadRecord create_placed_final(UploadRecord record, const std::vector<std::string>& ids, const Identity& who);
    // The end of every join: `out_fd` holds the parts in order; hashed, made durable, renamed
    // into files/, and the dataset recorded with the parts' rows removed.
    void finish_join(UploadRecord& record, int out_fd, const std::vector<std::string>& ids, const std::string& how);
    [[nodiscard]] core::UniqueFd open_for_patch(const UploadRecord& record, std::uint64_t& base);
    void join_if_last(const std::string& final_id);  // finish_placed, its failure only logged
    void recover();
    void remove_upload(const UploadRecord& record, const std::string& actor, const std::string& action);
    void sweeper();

    const GatewayConfig& m_config;
    DatasetStore m_store;
    Metrics& m_metrics;
    std::mutex m_locks_mutex;
    std::map<std::string, std::shared_ptr<std::timed_mutex>, std::less<>> m_locks;
    std::mutex m_quota_mutex;
    std::mutex m_stop_mutex;
    std::condition_variable m_stop_cv;
    bool m_stopping = false;
    std::thread m_sweeper;
    std::string m_link_key;  // loaded by start()
};

// A new upload's row (random id; group: the token's group, else its name).
[[nodiscard]] UploadRecord new_upload_record(const CreateUpload& request, const Identity& who, std::int64_t expires_ms);

// An audit entry about an upload or a dataset ("upload/<id>", "dataset/<id>").
[[nodiscard]] AuditEntry dataset_audit(const std::string& subject, const std::string& actor, const std::string& action,
                                       const nlohmann::json& detail);

}  // namespace plateau::gateway
