// Gateway configuration: an INI file (see docs/gateway.md) plus command-line overrides, read
// into one immutable struct and validated once at start-up. Defaults live here, in code.
#pragma once

#include "gateway/http/server_limits.hpp"
#include "gateway/lab_usage/report.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace plateau::gateway {

// One client credential. Only the SHA-256 of the secret is kept in memory.
struct TokenIdentity {
    std::string name;    // who: recorded in the audit log and used as the job's user by default
    std::string group;   // lab/group for usage reports (may be empty)
    std::string secret_sha256;  // 32 raw bytes
};

enum class ExecutorKind { local, slurm };

struct LocalExecutorConfig {
    int max_concurrent = 0;       // jobs running at once; 0 = number of CPUs
    int slots_per_job = 1;        // GALAXY_SLOTS for local jobs
    int kill_grace_seconds = 10;  // SIGTERM, then SIGKILL to the whole process group
};

struct SlurmExecutorConfig {
    std::string partition;                    // -p, when set
    std::vector<std::string> sbatch_args;     // extra sbatch arguments for every job
    std::string bin_dir;                      // where sbatch/squeue/... live; empty = PATH
    int poll_interval_ms = 2000;
    int command_timeout_seconds = 60;
    bool allow_native_specification = true;   // honour Galaxy's submit_native_specification (whitelisted flags)
};

// [usage]: the lab usage report (plateau-gateway usage, GET /api/usage/labs).
struct UsageConfig {
    std::filesystem::path labs_file;      // "lab login login ..." per line
    std::string source = "auto";          // auto, sacct, jobcomp or none
    std::filesystem::path jobcomp_file;   // jobcomp/filetxt log; empty: JobCompLoc from scontrol
    lab_usage::EnergyFactors factors;
};

// [datasets]: the dataset area and its tus upload endpoint (docs/gateway.md, "Dataset staging").
struct DatasetConfig {
    std::filesystem::path dir;                   // default: <data_dir>/datasets
    std::uint64_t max_size = 0;                  // Tus-Max-Size; 0: unlimited
    int expire_seconds = 7 * 24 * 3600;          // an unfinished upload idle this long is removed
    int sweep_seconds = 60;                      // how often expired uploads are looked for
    std::uint64_t checkpoint_bytes = 64ULL << 20;  // a PATCH makes its bytes durable at least this often
    std::uint64_t default_quota = 0;             // bytes per group (datasets + unfinished uploads); 0: none
    std::vector<std::pair<std::string, std::uint64_t>> group_quotas;  // "group:size" words
    std::filesystem::path link_key_file;         // HMAC key of signed links; default: <dir>/link.key
    std::int64_t link_max_ttl_seconds = 30LL * 24 * 3600;  // longest lifetime a signed link may ask for
};

struct GatewayConfig {
    // server
    std::string bind = "127.0.0.1";
    int port = 8913;                 // 0: any free port (written to port_file)
    http::ServerLimits http;         // workers, queue, connection caps, client deadlines, head sizes
    std::uint64_t max_upload_bytes = 0;  // 0: unlimited
    std::filesystem::path port_file;
    // store and jobs
    std::filesystem::path data_dir = "/var/lib/plateau-gateway";
    std::filesystem::path staging_dir;   // default: <data_dir>/jobs
    bool synchronous_full = false;       // SQLite synchronous=FULL (power-loss safe) instead of NORMAL
    std::string pulsar_version = "0.15.15";
    std::string galaxy_home;             // system_properties.galaxy_home, when remote metadata needs it
    long long maximum_stream_size = -1;  // cap on stdout/stderr in status (-1: unlimited)
    // executor
    ExecutorKind executor = ExecutorKind::local;
    LocalExecutorConfig local;
    SlurmExecutorConfig slurm;
    // auth
    std::vector<TokenIdentity> tokens;
    bool allow_anonymous = false;        // no token configured and none required (Pulsar's default)
    // Token groups that see every client's jobs and audit trails in /api (the facility's
    // operators); every other client sees only the jobs it set up.
    std::vector<std::string> operator_groups;
    UsageConfig usage;
    DatasetConfig datasets;
    // logging
    std::string log_level = "info";
};

// Reads every key (section.key names, e.g. "server.port") with its default. Throws
// plateau::Error(Usage) naming the key for values of the wrong type, and
// plateau::Error(InvalidInput) for an unreadable or malformed token file.
[[nodiscard]] GatewayConfig load_config(const Poco::Util::AbstractConfiguration& config);

// Checks ranges and combinations and fills derived defaults (staging_dir). Throws
// plateau::Error(Usage) with a message naming the key, the value and what is allowed.
void validate(GatewayConfig& config);

// "10G" -> 10 << 30 (K, M, G, T, P: binary multiples; a plain number is bytes). Throws Usage naming key.
[[nodiscard]] std::uint64_t parse_size(const std::string& key, const std::string& text);

// The [datasets] keys (dataset_config.cpp), read by load_config and checked by validate.
void read_dataset_config(const Poco::Util::AbstractConfiguration& config, DatasetConfig& out);
void validate_dataset_config(DatasetConfig& config, const std::filesystem::path& data_dir);

// The quota of `group` in bytes (0: none).
[[nodiscard]] std::uint64_t group_quota(const DatasetConfig& config, const std::string& group);

// SHA-256 of a token secret, as stored in TokenIdentity::secret_sha256.
[[nodiscard]] std::string token_digest(std::string_view secret);

}  // namespace plateau::gateway
