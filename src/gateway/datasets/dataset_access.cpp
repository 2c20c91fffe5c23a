// Who sees a dataset (its owner, its group, the operators), and listing, opening, deleting.
#include "gateway/datasets/dataset_links.hpp"
#include "gateway/datasets/upload_service.hpp"
#include "gateway/http_errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstring>

namespace plateau::gateway {

bool UploadService::may_read(const DatasetRecord& d, const Identity& who) const {
    const auto& ops = m_config.operator_groups;
    if (d.owner == who.name) return true;
    if (!who.group.empty() && d.group == who.group) return true;
    return !who.group.empty() && std::find(ops.begin(), ops.end(), who.group) != ops.end();
}

std::vector<DatasetRecord> UploadService::list(const Identity& who) {
    std::vector<DatasetRecord> out;
    for (DatasetRecord& d : m_store.datasets())
        if (may_read(d, who)) out.push_back(std::move(d));
    return out;
}

DatasetRecord UploadService::dataset(const std::string& id, const Identity& who) {
    auto d = m_store.find_dataset(id);
    // Another group's dataset answers as if it did not exist.
    if (!d || !may_read(*d, who)) throw_http(404, "unknown_dataset", "no dataset '" + id + "'");
    return std::move(*d);
}

OpenDataset UploadService::open_dataset(const std::string& id, const Identity& who) {
    OpenDataset out;
    out.record = dataset(id, who);
    out.fd.reset(::open(dataset_file(id).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!out.fd.valid()) throw_http(500, "io_error", "dataset '" + id + "' has no file: " + std::strerror(errno));
    return out;
}

void UploadService::remove_dataset(const std::string& id, const Identity& who) {
    const DatasetRecord d = dataset(id, who);
    m_store.delete_dataset(id, dataset_audit("dataset/" + id, who.name, "dataset.deleted", {{"name", d.name}, {"size", d.size}}));
    ::unlink(dataset_file(id).c_str());
    m_metrics.record_staging(StagingEvent::dataset_deleted);
}

void UploadService::record_download(const DatasetRecord& d, std::uint64_t bytes, std::uint64_t offset, const Identity& who) {
    m_metrics.add_downloaded(bytes);
    m_store.record(dataset_audit("dataset/" + d.id, who.name, "dataset.downloaded",
                                 {{"bytes", bytes}, {"offset", offset}}));
}

DatasetLink UploadService::make_link(const std::string& id, std::int64_t ttl_seconds, const Identity& who) {
    if (ttl_seconds < 1 || ttl_seconds > config().link_max_ttl_seconds)
        throw_http(400, "bad_ttl", "ttl must be 1 to " + std::to_string(config().link_max_ttl_seconds) +
                                       " seconds (datasets.link_max_ttl_seconds)");
    const DatasetRecord d = dataset(id, who);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    DatasetLink link;
    link.expires_epoch = static_cast<std::int64_t>(now) + ttl_seconds;
    link.path = link_path(d.id, d.name, link.expires_epoch, link_signature(m_link_key, d.id, link.expires_epoch));
    m_store.record(dataset_audit("dataset/" + d.id, who.name, "dataset.link_created", {{"expires", link.expires_epoch}}));
    return link;
}

OpenDataset UploadService::open_linked(const std::string& id, const std::string& expires, const std::string& signature) {
    std::int64_t epoch = 0;
    const bool number = !expires.empty() && expires.size() <= 18 && expires.find_first_not_of("0123456789") == std::string::npos;
    if (number) epoch = std::stoll(expires);
    if (!number || !link_signature_matches(m_link_key, id, epoch, signature))
        throw_http(403, "bad_signature", "this link's signature does not match its dataset and expiry");
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (epoch <= static_cast<std::int64_t>(now)) throw_http(410, "link_expired", "this link expired; ask for a new one");
    OpenDataset out;
    auto d = m_store.find_dataset(id);
    if (!d) throw_http(404, "unknown_dataset", "the dataset of this link was deleted");
    out.record = std::move(*d);
    out.fd.reset(::open(dataset_file(id).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!out.fd.valid()) throw_http(500, "io_error", "dataset '" + id + "' has no file: " + std::strerror(errno));
    return out;
}

}  // namespace plateau::gateway
