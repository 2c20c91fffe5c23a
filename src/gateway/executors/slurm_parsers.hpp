// Pure parsers for what Slurm's commands print (22.05 and later), and the classification of
// Slurm job states into gateway phases and failure reasons. No process is run here.
#pragma once

#include "gateway/state_machine.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway::slurm {

// `sbatch --parsable` prints "<id>" or "<id>;<cluster>". nullopt if there is no numeric id.
[[nodiscard]] std::optional<std::string> parse_sbatch_parsable(std::string_view out);

struct QueueLine {
    std::string job_id;
    std::string state;   // JobState name, e.g. RUNNING, TIMEOUT
    std::string reason;  // %r
    std::optional<double> elapsed_seconds;  // %M
};

// squeue -h -t all -o '%i|%T|%r|%M' output. Malformed lines are skipped.
[[nodiscard]] std::vector<QueueLine> parse_squeue(std::string_view out);

// Slurm durations: "SS", "MM:SS", "HH:MM:SS", "D-HH:MM:SS", "D-HH", "D-HH:MM", optional ".mmm"
// fraction (sacct TotalCPU). nullopt for "", "INVALID", "UNLIMITED", "Partition_Limit".
[[nodiscard]] std::optional<double> parse_duration(std::string_view text);

// Memory as sacct prints it ("1234K", "12M", "1.5G", "0", "512" = bytes... see .cpp): KiB.
[[nodiscard]] std::optional<std::int64_t> parse_memory_kb(std::string_view text);

struct AccountingRecord {
    std::string job_id;
    std::string state;           // first word: "CANCELLED by 0" -> "CANCELLED"
    int exit_code = 0;           // ExitCode "N:S"
    int exit_signal = 0;
    std::optional<double> elapsed_seconds;
    std::optional<double> total_cpu_seconds;
    std::optional<std::int64_t> max_rss_kb;  // maximum over the job's steps
};

// sacct -n -P -o JobID,State,ExitCode,Elapsed[,TotalCPU,MaxRSS] output for one job: the
// allocation line gives state/exit code/elapsed; steps (<id>.batch, <id>.0) add MaxRSS. Lines
// of other jobs are ignored. nullopt if the job's allocation line is absent.
[[nodiscard]] std::optional<AccountingRecord> parse_sacct(std::string_view out, std::string_view job_id);

struct Verdict {
    ExecutorPhase phase = ExecutorPhase::queued;
    std::string failure_reason;  // for finished jobs; empty: the job script's return code decides
    std::string detail;
    bool cancelled = false;      // CANCELLED after the gateway asked for it
};

// Maps a Slurm job state name to a phase. TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, CANCELLED (not
// requested by us), PREEMPTED, BOOT_FAIL, DEADLINE, REVOKED and SPECIAL_EXIT are failures with
// a machine-readable reason; COMPLETED and FAILED leave the decision to the return_code file.
// nullopt for a state name this code does not know.
[[nodiscard]] std::optional<Verdict> classify_state(std::string_view state, std::string_view reason,
                                                    bool cancel_requested);

// Checks Galaxy's submit_native_specification against the options a remote client may set
// (partition, time, cpus, memory, gres, qos, account, constraint, hold, begin, ...) and splits
// it into arguments. Options that would move output files, change the working directory, the
// job's identity or its command (-o, -e, -D, --wrap, --export, --uid, -J, ...) are refused with
// plateau::Error(InvalidInput) naming the option.
[[nodiscard]] std::vector<std::string> checked_native_specification(std::string_view spec);

// Seconds from a Slurm-style walltime or plain seconds: "3600", "90:00", "1:30:00", "1-00:00:00",
// "1-12", "1-12:30". Strict, as Slurm's --time: decimal digits only (no sign, fraction, NaN or
// infinity), minutes and seconds after the first field below 60, hours after "D-" below 24.
// nullopt for anything else.
[[nodiscard]] std::optional<long long> parse_walltime(std::string_view text);

// The job script records `times` (bash): line 2 is the children's "XmY.ZZZs XmY.ZZZs"
// (user, system). Returns user + system seconds.
[[nodiscard]] std::optional<double> parse_bash_times(std::string_view text);

}  // namespace plateau::gateway::slurm
