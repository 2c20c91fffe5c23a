// What a Pulsar submit asks for, read from its JSON parameters: plain functions, no I/O, so the
// service's submit stays a sequence of steps and each rule is unit-tested on its own. Every
// function throws plateau::Error(InvalidInput) naming the parameter (or nlohmann::json's
// exceptions for a field of the wrong JSON type); the service turns either into a failed job.
#pragma once

#include "gateway/executors/executor.hpp"
#include "gateway/job_script.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace plateau::gateway {

// Bounds of what a submit may ask for: beyond them a value is a mistake (or an attack on a
// deadline computation), not a request.
inline constexpr long long k_max_walltime_seconds = 366LL * 24 * 3600;
inline constexpr long long k_max_slots = 4096;
inline constexpr long long k_max_memory_mb = 1LL << 30;  // 1 PiB

// params[key] when it is a string, otherwise "".
[[nodiscard]] std::string json_string(const nlohmann::json& params, const char* key);

// walltime (seconds or Slurm's [D-]HH:MM:SS, see slurm::parse_walltime), slots, memory_mb (each a
// JSON number or a string of digits; finite, integral and in range before any conversion) and, for Slurm, the whitelisted
// native_specification (refused when `allow_native` is false; ignored by other executors).
[[nodiscard]] JobResources parse_resources(const nlohmann::json& params, bool slurm_executor, bool allow_native);

// The resources as recorded in the launch and the audit log.
[[nodiscard]] nlohmann::json resources_json(const JobResources& resources);

// Galaxy's env list: [{"name": ..., "value": ..., "raw": bool}, ...] (anything but a list: none).
// name and value must be strings and raw a boolean (or absent); any other type is refused.
[[nodiscard]] std::vector<EnvVar> parse_env(const nlohmann::json& env);

// Throws plateau::Error(InvalidInput) for an empty or whitespace-only command line (the job
// script would hold a subshell bash cannot parse).
void check_command_line(const std::string& command_line);

// Throws plateau::Error(Unsupported) when remote_staging asks the server to fetch inputs itself.
void reject_remote_staging(const nlohmann::json& remote_staging);

// Galaxy's placeholder for the jobs directory, replaced by `staging_dir` everywhere.
[[nodiscard]] std::string substitute_jobs_directory(std::string command, const std::filesystem::path& staging_dir);

}  // namespace plateau::gateway
