// Who sees a dataset (its owner, its group, the operators), and listing, opening, deleting.
#include "gateway/datasets/upload_service.hpp"
#include "gateway/http_errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

}  // namespace plateau::gateway
