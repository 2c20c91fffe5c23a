// Where the lab usage report's records come from: Slurm's accounting (sacct with slurmdbd, or
// the jobcomp/filetxt job completion log where there is no database) and the gateway's store.
// Shared by `plateau-gateway usage` and GET /api/usage/labs.
#pragma once

#include "gateway/config.hpp"
#include "gateway/lab_usage/report.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace plateau::gateway {
class Database;
}

namespace plateau::gateway::lab_usage {

enum class Source { automatic, sacct, jobcomp, none };
[[nodiscard]] Source parse_source(const std::string& text);  // auto|sacct|jobcomp|none; throws Usage

struct Options {
    std::vector<Lab> labs;
    std::vector<int> years;  // empty: last year and this year
    Source source = Source::automatic;
    std::filesystem::path jobcomp_file;  // empty: JobCompLoc from `scontrol show config`
    std::string slurm_bin_dir;           // empty: PATH
    int command_timeout_seconds = 120;
    int local_slots_per_job = 1;         // CPUs of a job the gateway ran with its local executor
    EnergyFactors factors;
};

// Options from the configuration ([usage], slurm.bin_dir, local.slots_per_job); reads the labs
// file (plateau::Error(InvalidInput) when it is malformed, Io when unreadable).
[[nodiscard]] Options options_from_config(const GatewayConfig& config);

// Throws plateau::Error(Usage) for a factor out of range or a year outside 1970-9999.
void validate(const Options& options);

// "JobCompLoc = /var/log/slurm/jobcomp.txt" lines of `scontrol show config` -> the value of `key`.
[[nodiscard]] std::string config_value(const std::string& scontrol_output, const std::string& key);

// The gateway's finished jobs (every attempt), from its store.
[[nodiscard]] std::vector<GatewayJob> gateway_jobs(Database& db, int local_slots_per_job);

// Reads the records (Slurm, then `db` when given), merges and sums them. Throws
// plateau::Error(Io) when Slurm's accounting cannot be read.
[[nodiscard]] UsageSummary collect_usage(const Options& options, Database* db);

}  // namespace plateau::gateway::lab_usage
