#include "gateway/status_report.hpp"

#include "gateway/path_guard.hpp"
#include "gateway/regular_file.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>

namespace plateau::gateway {
namespace {

bool is_temp(const std::filesystem::path& p) {
    return p.filename().string().starts_with(k_upload_temp_prefix);
}

// At most `cap` bytes (everything when cap < 0) of `subdir`/`name` in the job directory. The job
// may have replaced the file: a FIFO, a device or a link leading out of the job directory reads
// as empty, and opening never blocks (JobRoot::open_for_read opens with O_NONBLOCK).
std::string read_capped(const JobRoot& root, std::string_view subdir, const std::string& name, long long cap) {
    const std::size_t max_bytes = cap >= 0 ? static_cast<std::size_t>(cap) : std::numeric_limits<std::size_t>::max();
    try {
        const UniqueFd fd = root.open_for_read(subdir, {name});
        return read_up_to(fd.get(), max_bytes);
    } catch (const std::exception&) {
        return {};  // absent, refused or unreadable
    }
}

// metadata/<name> when there is anything by that name (refused or not), else <job dir>/<name>.
std::string read_stream(const JobRoot& root, const JobLayout& l, const char* name, long long cap) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(l.metadata() / name, ec)))
        return read_capped(root, "metadata", name, cap);
    return read_capped(root, "", name, cap);
}

// Tool output may not be valid UTF-8: responses are serialised with invalid bytes replaced
// (nlohmann::json::error_handler_t::replace), so raw text is stored here.
const std::string& text_value(const std::string& text) { return text; }

nlohmann::json realized_dynamic_sources(const JobLayout& layout, const std::string& launch) {
    nlohmann::json out = nlohmann::json::array();
    if (launch.empty()) return out;
    const auto config = nlohmann::json::parse(launch, nullptr, false);
    if (config.is_discarded() || !config.contains("dynamic_file_sources")) return out;
    const auto& sources = config["dynamic_file_sources"];
    if (!sources.is_array()) return out;
    std::error_code ec;
    if (!std::filesystem::exists(layout.working(), ec)) return out;
    for (const auto& source : sources) {
        if (!source.is_object() || !source.contains("path") || !source["path"].is_string()) continue;
        const std::string path = source["path"].get<std::string>();
        try {
            const JobRoot root(layout.root);
            UniqueFd fd = root.open_for_read("working", checked_components(path, true));
            const std::string contents = read_up_to(fd.get(), std::numeric_limits<std::size_t>::max());
            nlohmann::json entry = source;
            entry["contents"] = text_value(contents);
            out.push_back(std::move(entry));
        } catch (const std::exception&) {
            // Absent or outside the job directory: not realized.
        }
    }
    return out;
}

}  // namespace

DirectoryListing list_directory(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    DirectoryListing listing;
    std::error_code link_ec;
    if (fs::is_symlink(fs::symlink_status(dir, link_ec))) return listing;  // replaced by the job with a link
    // Each directory is read on its own, so one that cannot be opened or read (the job may
    // leave an unreadable one, or one deeper than PATH_MAX) loses only its own entries, and is
    // named in `unreadable`. Links to directories are not followed, so the walk stays inside
    // the job directory.
    std::vector<fs::path> pending{dir};
    while (!pending.empty()) {
        const fs::path current = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        fs::directory_iterator it(current, ec);
        for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code type_ec;
            if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
                pending.push_back(it->path());
                continue;
            }
            if (!it->is_regular_file(type_ec) || is_temp(it->path())) continue;
            listing.files.push_back(it->path().lexically_relative(dir).string());
        }
        if (ec && !(current == dir && ec == std::errc::no_such_file_or_directory))
            listing.unreadable.push_back(UnreadableDirectory{current.lexically_relative(dir).string(), ec.message()});
    }
    std::sort(listing.files.begin(), listing.files.end());
    return listing;
}

nlohmann::json list_files(const std::filesystem::path& dir) { return list_directory(dir).files; }

std::string describe_unreadable(const std::vector<UnreadableDirectory>& unreadable, std::size_t max_shown) {
    constexpr std::size_t k_max_name = 120;
    std::string text;
    for (std::size_t i = 0; i < unreadable.size() && i < max_shown; ++i) {
        const auto& u = unreadable[i];
        std::string name = u.relative_path;
        if (name.size() > k_max_name)
            name = name.substr(0, k_max_name) + "... (" + std::to_string(u.relative_path.size()) + " characters)";
        text += (i == 0 ? "" : "; ") + name + ": " + u.reason;
    }
    if (unreadable.size() > max_shown) text += "; and " + std::to_string(unreadable.size() - max_shown) + " more";
    return text;
}

nlohmann::json setup_response(const GatewayConfig& config, const JobLayout& l, const JobRecord& record) {
    nlohmann::json system = {{"separator", "/"}};
    if (!config.galaxy_home.empty()) system["galaxy_home"] = config.galaxy_home;
    return {
        {"job_directory", l.root.string()},
        {"working_directory", l.working().string()},
        {"metadata_directory", l.metadata().string()},
        {"outputs_directory", l.outputs().string()},
        {"configs_directory", l.configs().string()},
        {"tools_directory", l.tool_files().string()},
        {"inputs_directory", l.inputs().string()},
        {"unstructured_files_directory", l.unstructured().string()},
        {"path_separator", "/"},
        {"job_id", record.job_id},
        {"system_properties", system},
        {"pulsar_version", config.pulsar_version},
        {"preserve_galaxy_python_environment", nullptr},
        {"tool_id", record.tool_id},
        {"tool_version", record.tool_version},
    };
}

nlohmann::json running_status(const std::string& job_id, JobState state) {
    return {{"complete", "false"}, {"status", to_string(state)}, {"job_id", job_id}};
}

namespace {

// The payload of a finished job before anything is read from its directory.
nlohmann::json complete_skeleton(const GatewayConfig& config, const JobLayout& l, const std::string& job_id, JobState state) {
    return {
        {"job_id", job_id},
        {"complete", "true"},
        {"status", to_string(state)},
        {"returncode", nullptr},
        {"stdout", ""},
        {"stderr", ""},
        {"job_stdout", ""},
        {"job_stderr", ""},
        {"working_directory", l.working().string()},
        {"metadata_directory", l.metadata().string()},
        {"job_directory", l.root.string()},
        {"working_directory_contents", nlohmann::json::array()},
        {"metadata_directory_contents", nlohmann::json::array()},
        {"outputs_directory_contents", nlohmann::json::array()},
        {"job_directory_contents", nlohmann::json::array()},
        {"system_properties", {{"separator", "/"}}},
        {"pulsar_version", config.pulsar_version},
        {"realized_dynamic_file_sources", nlohmann::json::array()},
    };
}

// Streams, failure, listings and resource usage of a job whose directory is open.
void add_job_files(nlohmann::json& status, const JobRoot& root, const JobLayout& l, const JobRecord& record, long long cap) {
    status["stdout"] = text_value(read_stream(root, l, "tool_stdout", cap));
    status["stderr"] = text_value(read_stream(root, l, "tool_stderr", cap));
    status["job_stdout"] = text_value(read_capped(root, "metadata", "job_stdout", cap));
    std::string job_stderr = read_capped(root, "metadata", "job_stderr", cap);
    if (!record.failure_reason.empty()) {
        status["failure_reason"] = record.failure_reason;
        status["failure_detail"] = record.failure_detail;
        if (!job_stderr.empty() && job_stderr.back() != '\n') job_stderr.push_back('\n');
        job_stderr += "plateau-gateway: job failed (" + record.failure_reason + "): " + record.failure_detail + "\n";
    }
    status["job_stderr"] = text_value(job_stderr);
    status["working_directory_contents"] = list_files(l.working());
    status["metadata_directory_contents"] = list_files(l.metadata());
    status["outputs_directory_contents"] = list_files(l.outputs());
    std::vector<std::string> top;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(l.root, ec), end; !ec && it != end; it.increment(ec))
        if (!is_temp(it->path())) top.push_back(it->path().filename().string());
    std::sort(top.begin(), top.end());
    status["job_directory_contents"] = top;
    status["realized_dynamic_file_sources"] = realized_dynamic_sources(l, record.launch);
    if (record.cpu_seconds || record.elapsed_seconds || record.max_rss_kb) {
        nlohmann::json usage = nlohmann::json::object();
        if (record.cpu_seconds) usage["cpu_seconds"] = *record.cpu_seconds;
        if (record.elapsed_seconds) usage["elapsed_seconds"] = *record.elapsed_seconds;
        if (record.max_rss_kb) usage["max_rss_kb"] = *record.max_rss_kb;
        status["resource_usage"] = usage;
    }
}

}  // namespace

nlohmann::json complete_status(const GatewayConfig& config, const JobLayout& l, const std::string& job_id,
                               const JobRecord* record) {
    std::error_code ec;
    const bool exists = record != nullptr && std::filesystem::is_directory(l.root, ec);
    JobState state = JobState::lost;
    if (exists) state = record->cancel_requested ? JobState::cancelled : record->state;
    nlohmann::json status = complete_skeleton(config, l, job_id, state);
    if (!exists) return status;
    if (record->return_code) status["returncode"] = *record->return_code;
    std::optional<JobRoot> root;
    try {
        root.emplace(l.root);
    } catch (const std::exception&) {
        return status;  // removed (or replaced by a link) since the check above
    }
    add_job_files(status, *root, l, *record, config.maximum_stream_size);
    return status;
}

}  // namespace plateau::gateway
