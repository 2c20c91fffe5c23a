// Accounting records of finished Slurm jobs, as read from `sacct -P` output or from the job
// completion log of jobcomp/filetxt, and the parsing of the Slurm field formats they use.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway::lab_usage {

// One finished job: who ran it, when, and what it was allocated. Times are seconds since the
// epoch; Slurm prints local times, converted with the host's time zone (TZ).
struct JobRecord {
    std::string job_id;  // Slurm's raw job id; "gateway:<job>#<attempt>" for a job only the gateway knows
    std::string user, group;
    std::int64_t start = 0, end = 0;
    int cpus = 0;  // allocated CPUs
    int gpus = 0;  // allocated GPUs (gres/gpu in the TRES)
    std::optional<double> memory_mb;      // allocated memory (mem in the TRES)
    std::optional<std::int64_t> max_rss_kb;  // peak resident memory (sacct only; steps' maximum)
    std::string state;
    std::string source;  // "jobcomp", "sacct" or "gateway"
};

// "2025-12-31T23:00:00" (Slurm's local time) -> seconds since the epoch; nullopt for "Unknown",
// "None" and anything else that is not such a time.
[[nodiscard]] std::optional<std::int64_t> parse_slurm_time(std::string_view text);

// Memory with Slurm's unit suffix (K, M, G, T; none = `bare_unit_mb` MB) -> MB.
[[nodiscard]] std::optional<double> parse_memory_mb(std::string_view text, double bare_unit_mb = 1.0);

// The count of `name` in a TRES string "cpu=2,mem=512M,node=1,billing=2,gres/gpu=1"; also
// accepts typed GPUs ("gres/gpu:a100=2" adds to "gres/gpu" when no untyped entry is given).
[[nodiscard]] std::optional<double> tres_value(std::string_view tres, std::string_view name);
[[nodiscard]] int tres_gpus(std::string_view tres);

// One line of jobcomp/filetxt ("JobId=12 UserId=alice(1001) GroupId=lab(1001) Name=... ");
// values with spaces (Name, WorkDir) are kept whole. nullopt for a line that is not a record or
// a job that never started.
[[nodiscard]] std::optional<JobRecord> parse_jobcomp_line(std::string_view line);
// Every record of a job completion log; counts lines that are not records in `skipped`.
[[nodiscard]] std::vector<JobRecord> parse_jobcomp(std::istream& in, std::size_t* skipped = nullptr);

// The sacct format this module asks for (`sacct -P -n -o` these fields, in this order).
inline constexpr const char* k_sacct_fields = "JobIDRaw,User,Group,Start,End,ElapsedRaw,AllocCPUS,AllocTRES,MaxRSS,State";
// `sacct -a -P -n --noconvert -o <k_sacct_fields>` output: allocation lines give the job, step
// lines ("12.batch", "12.0") its peak MaxRSS.
[[nodiscard]] std::vector<JobRecord> parse_sacct(std::string_view text);

}  // namespace plateau::gateway::lab_usage
