#include "gateway/job_layout.hpp"

#include "core/error.hpp"
#include "gateway/http_errors.hpp"

#include <array>
#include <system_error>

namespace plateau::gateway {
namespace {

struct TypeEntry {
    std::string_view type;
    TypeRule rule;
};

// pulsar/client/job_directory.py TYPES_TO_METHOD, with the nested-name rule from §1.3.
constexpr std::array<TypeEntry, 11> k_upload_types{{
    {"input", {"inputs", true}},
    {"unstructured", {"unstructured", true}},
    {"config", {"configs", false}},
    {"tool", {"tool_files", true}},
    {"workdir", {"working", false}},
    {"output_workdir", {"working", true}},
    {"metadata", {"metadata", true}},
    {"output_metadata", {"metadata", true}},
    {"output", {"outputs", true}},
    {"jobdir", {"", false}},
    {"output_jobdir", {"", false}},
}};

bool id_char_ok(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

}  // namespace

void validate_job_id(std::string_view job_id) {
    bool ok = !job_id.empty() && job_id.size() <= 128 && job_id != "." && job_id != "..";
    for (char c : job_id) ok = ok && id_char_ok(c);
    if (!ok)
        throw_http(400, "invalid_job_id",
                   "job id must be 1-128 characters from [A-Za-z0-9._-] and not '.' or '..'");
}

std::optional<TypeRule> upload_rule(std::string_view type) {
    for (const auto& entry : k_upload_types)
        if (entry.type == type) return entry.rule;
    return std::nullopt;
}

TypeRule download_rule(std::string_view type) {
    if (type == "output_workdir") return {"working", true};
    if (type == "output_metadata") return {"metadata", true};
    return {"outputs", true};
}

JobLayout job_layout(const std::filesystem::path& staging_dir, std::string_view job_id) {
    validate_job_id(job_id);
    return JobLayout{staging_dir / std::string(job_id)};
}

void create_job_directories(const JobLayout& layout) {
    std::error_code ec;
    for (const auto& dir : {layout.root, layout.inputs(), layout.working(), layout.outputs(), layout.configs(),
                            layout.tool_files(), layout.metadata(), layout.unstructured()}) {
        std::filesystem::create_directories(dir, ec);
        if (ec) throw_io_error("cannot create " + dir.string() + ": " + ec.message());
    }
}

}  // namespace plateau::gateway
