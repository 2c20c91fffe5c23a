#include "gateway/submit_request.hpp"

#include "core/error.hpp"
#include "gateway/executors/slurm_parsers.hpp"

#include <optional>

namespace plateau::gateway {
namespace {

long long in_range(const std::string& what, long long value, long long lo, long long hi) {
    if (value < lo || value > hi)
        throw_input_error(what + " = " + std::to_string(value) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return value;
}

// params[key] as an integer (a JSON integer or a string of digits); nullopt when absent or "".
std::optional<long long> json_number(const nlohmann::json& params, const char* key) {
    if (!params.is_object() || !params.contains(key)) return std::nullopt;
    const auto& v = params[key];
    if (v.is_number_integer()) return v.get<long long>();
    if (v.is_string()) {
        const auto text = v.get<std::string>();
        if (text.empty()) return std::nullopt;
        long long value = 0;
        std::size_t used = 0;
        try {
            value = std::stoll(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size()) throw_input_error(std::string("params.") + key + " must be an integer, not '" + text + "'");
        return value;
    }
    throw_input_error(std::string("params.") + key + " must be an integer");
}

}  // namespace

std::string json_string(const nlohmann::json& params, const char* key) {
    if (!params.is_object() || !params.contains(key) || !params[key].is_string()) return {};
    return params[key].get<std::string>();
}

JobResources parse_resources(const nlohmann::json& params, bool slurm_executor, bool allow_native) {
    JobResources resources;
    if (auto walltime = json_string(params, "walltime"); !walltime.empty()) {
        resources.walltime_seconds = slurm::parse_walltime(walltime);
        if (!resources.walltime_seconds) throw_input_error("params.walltime '" + walltime + "' is not a duration");
        in_range("params.walltime (seconds)", *resources.walltime_seconds, 1, k_max_walltime_seconds);
    } else if (auto seconds = json_number(params, "walltime")) {
        resources.walltime_seconds = in_range("params.walltime (seconds)", *seconds, 1, k_max_walltime_seconds);
    }
    if (auto slots = json_number(params, "slots"))
        resources.cpus = static_cast<int>(in_range("params.slots", *slots, 1, k_max_slots));
    if (auto memory = json_number(params, "memory_mb"))
        resources.memory_mb = in_range("params.memory_mb", *memory, 1, k_max_memory_mb);
    if (const auto spec = json_string(params, "native_specification"); !spec.empty() && slurm_executor) {
        if (!allow_native)
            throw_input_error("this gateway does not accept a native specification (slurm.allow_native_specification = false)");
        resources.native_args = slurm::checked_native_specification(spec);
    }
    return resources;
}

nlohmann::json resources_json(const JobResources& resources) {
    nlohmann::json r = nlohmann::json::object();
    if (resources.walltime_seconds) r["walltime_seconds"] = *resources.walltime_seconds;
    if (resources.cpus) r["cpus"] = *resources.cpus;
    if (resources.memory_mb) r["memory_mb"] = *resources.memory_mb;
    if (!resources.native_args.empty()) r["native_args"] = resources.native_args;
    return r;
}

std::vector<EnvVar> parse_env(const nlohmann::json& env) {
    std::vector<EnvVar> vars;
    if (!env.is_array()) return vars;
    for (const auto& entry : env) {
        if (!entry.is_object() || !entry.contains("name")) throw_input_error("env entries need a name");
        EnvVar var;
        var.name = entry["name"].get<std::string>();
        var.value = entry.value("value", std::string{});
        var.raw = entry.contains("raw") && entry["raw"].is_boolean() && entry["raw"].get<bool>();
        vars.push_back(std::move(var));
    }
    return vars;
}

void reject_remote_staging(const nlohmann::json& remote_staging) {
    if (remote_staging.is_object() && remote_staging.contains("setup") && !remote_staging["setup"].empty())
        throw Error(ErrorCode::Unsupported,
                    "remote_staging setup actions (remote_transfer, remote_copy, ...) are not supported; "
                    "use default_file_action: transfer");
}

std::string substitute_jobs_directory(std::string command, const std::filesystem::path& staging_dir) {
    static constexpr std::string_view k_placeholder = "__PULSAR_JOBS_DIRECTORY__";
    const std::string replacement = staging_dir.string();
    for (std::size_t pos = 0; (pos = command.find(k_placeholder, pos)) != std::string::npos;) {
        command.replace(pos, k_placeholder.size(), replacement);
        pos += replacement.size();
    }
    return command;
}

}  // namespace plateau::gateway
