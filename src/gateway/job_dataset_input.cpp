// A job input taken from the dataset area (POST /jobs/{id}/files?name=&type=input&dataset_id=):
// the file is placed into the job directory by the kernel, never sent again.
#include "gateway/datasets/file_join.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/job_layout.hpp"
#include "gateway/job_service.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace plateau::gateway {

StagedFile JobService::stage_dataset(const std::string& job_id, const std::string& type, const std::string& name,
                                     const DatasetInput& dataset, const Identity& who) {
    const JobRecord record = require_job(job_id, who);
    const auto rule = upload_rule(type);
    if (!rule) throw_http(400, "unknown_type", "unknown file type '" + type + "'");
    const auto components = checked_components(name, rule->nested);
    const JobRoot root(job_layout(m_config.staging_dir, job_id).root);
    UniqueFd dir = root.open_parent(rule->subdir, components, true);
    const std::string& leaf = components.back();
    // Like an upload, the dataset replaces a file of the same name.
    if (::unlinkat(dir.get(), leaf.c_str(), 0) != 0 && errno != ENOENT) {
        if (errno == EISDIR || errno == EPERM) throw_http(409, "conflict", "the target name is a directory");
        throw_http(500, "io_error", std::string("cannot replace the target: ") + std::strerror(errno));
    }
    const PlaceMethod how = place_file(dataset.file.string(), dir.get(), leaf);
    ::fsync(dir.get());
    StagedFile staged;
    staged.path = (root.given_path() / std::string(rule->subdir) / join_components(components)).lexically_normal();
    staged.size = dataset.size;
    staged.sha256_hex = dataset.sha256_hex;
    m_metrics.record_staging(StagingEvent::dataset_linked);
    forget_status(job_id);
    audit(record, who.name, "file.staged",
          {{"type", type}, {"name", name}, {"path", staged.path.string()}, {"size", staged.size},
           {"sha256", staged.sha256_hex}, {"dataset_id", dataset.id}, {"placed_by", to_string(how)}});
    return staged;
}

}  // namespace plateau::gateway
