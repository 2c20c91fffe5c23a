#include "gateway/submit_request.hpp"

#include "core/error.hpp"
#include "gateway/executors/slurm_parsers.hpp"

#include <charconv>
#include <cmath>
#include <optional>

namespace plateau::gateway {
namespace {

long long in_range(const std::string& what, long long value, long long lo, long long hi) {
    if (value < lo || value > hi)
        throw_input_error(what + " = " + std::to_string(value) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return value;
}

[[noreturn]] void outside(const std::string& what, const std::string& shown, long long lo, long long hi) {
    throw_input_error(what + " = " + shown + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
}

// A JSON number as an integer in lo..hi. Finiteness and range are checked before any
// conversion (a float beyond long long, or an unsigned beyond it, must not wrap or trap).
long long number_in_range(const std::string& what, const nlohmann::json& v, long long lo, long long hi) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<unsigned long long>();
        if (u > static_cast<unsigned long long>(hi)) outside(what, v.dump(), lo, hi);
        return in_range(what, static_cast<long long>(u), lo, hi);
    }
    if (v.is_number_integer()) return in_range(what, v.get<long long>(), lo, hi);
    const double d = v.get<double>();
    if (!std::isfinite(d)) throw_input_error(what + " must be a finite number");
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) outside(what, v.dump(), lo, hi);
    if (std::trunc(d) != d) throw_input_error(what + " must be an integer, not " + v.dump());
    return in_range(what, static_cast<long long>(d), lo, hi);
}

// params[key] as an integer in lo..hi (a JSON number or a string of decimal digits); nullopt
// when absent or "".
std::optional<long long> json_integer(const nlohmann::json& params, const char* key, long long lo, long long hi) {
    if (!params.is_object() || !params.contains(key)) return std::nullopt;
    const std::string what = std::string("params.") + key;
    const auto& v = params[key];
    if (v.is_number()) return number_in_range(what, v, lo, hi);
    if (!v.is_string()) throw_input_error(what + " must be an integer");
    const auto text = v.get<std::string>();
    if (text.empty()) return std::nullopt;
    long long value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ptr != text.data() + text.size() || (ec != std::errc{} && ec != std::errc::result_out_of_range))
        throw_input_error(what + " must be an integer, not '" + text + "'");
    if (ec == std::errc::result_out_of_range) outside(what, text, lo, hi);
    return in_range(what, value, lo, hi);
}

// The optional field `key` of env[index]: absent, or of the JSON type `ok` accepts.
template <typename Check>
void check_env_field(const nlohmann::json& entry, std::size_t index, const char* key, Check ok, const char* expected) {
    if (entry.contains(key) && !ok(entry[key]))
        throw_input_error("env[" + std::to_string(index) + "]." + key + " must be " + expected + ", not " + entry[key].dump());
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
        if (!resources.walltime_seconds)
            throw_input_error("params.walltime '" + walltime + "' is not a duration (seconds, or [D-]HH:MM:SS with "
                              "minutes and seconds below 60)");
        in_range("params.walltime (seconds)", *resources.walltime_seconds, 1, k_max_walltime_seconds);
    } else {
        resources.walltime_seconds = json_integer(params, "walltime", 1, k_max_walltime_seconds);
    }
    if (auto slots = json_integer(params, "slots", 1, k_max_slots)) resources.cpus = static_cast<int>(*slots);
    resources.memory_mb = json_integer(params, "memory_mb", 1, k_max_memory_mb);
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
    for (std::size_t i = 0; i < env.size(); ++i) {
        const auto& entry = env[i];
        if (!entry.is_object() || !entry.contains("name")) throw_input_error("env entries need a name");
        const auto is_string = [](const nlohmann::json& v) { return v.is_string(); };
        check_env_field(entry, i, "name", is_string, "a string");
        check_env_field(entry, i, "value", is_string, "a string");
        check_env_field(entry, i, "raw", [](const nlohmann::json& v) { return v.is_boolean(); }, "true or false");
        EnvVar var;
        var.name = entry["name"].get<std::string>();
        var.value = entry.value("value", std::string{});
        var.raw = entry.value("raw", false);
        vars.push_back(std::move(var));
    }
    return vars;
}

void check_command_line(const std::string& command_line) {
    if (command_line.find_first_not_of(" \t\r\n\v\f") == std::string::npos)
        throw_input_error("command_line is empty: there is nothing to run");
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
