// Compute usage per lab and per login per calendar year: labs (a name and its logins), the split
// of a job's hours over the calendar years it ran in, the merge of Slurm's accounting with the
// gateway's own records, the sums, and the Green Algorithms energy and carbon estimate.
#pragma once

#include "gateway/lab_usage/records.hpp"

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plateau::gateway::lab_usage {

struct Lab {
    std::string name;
    std::vector<std::string> logins;
};

// Labs file: "lab login login ..." per line, '#' starts a comment; a lab may span several lines
// (its logins are joined). Throws plateau::Error(InvalidInput) naming `origin` and the line.
[[nodiscard]] std::vector<Lab> parse_labs(std::istream& in, const std::string& origin);
// --lab NAME=login1,login2. Throws plateau::Error(Usage).
[[nodiscard]] Lab parse_lab_argument(const std::string& text);
// Labs with the same name are joined (file first, then command line).
[[nodiscard]] std::vector<Lab> merge_labs(std::vector<Lab> labs);

// Green Algorithms (Lannelongue, Grealey and Inouye, Adv. Sci. 2021, 8, 2100707):
// energy = hours x (cores x W/core x core usage + GPUs x W/GPU + memory GB x W/GB) x PUE;
// carbon = energy x carbon intensity. Defaults and their sources: docs/gateway.md.
struct EnergyFactors {
    double watts_per_core = 12.0;
    double core_usage = 1.0;
    double watts_per_gpu = 250.0;
    double watts_per_gb = 0.3725;
    double pue = 1.67;
    double carbon_g_per_kwh = 52.0;
};

// One job's share of one calendar year (the host's local time, as Slurm prints it).
struct YearShare {
    int year = 0;
    double seconds = 0;
};
[[nodiscard]] std::vector<YearShare> split_by_year(std::int64_t start, std::int64_t end);
[[nodiscard]] int year_of(std::int64_t time);

struct Figures {
    std::int64_t jobs = 0;  // jobs that ended in the year
    double cpu_hours = 0, gpu_hours = 0, elapsed_hours = 0, memory_gb_hours = 0, energy_kwh = 0;
    std::optional<std::int64_t> peak_rss_kb;
    std::optional<double> peak_memory_mb;  // largest allocation
};

// Energy in kWh of `hours` with this allocation; memory_gb is the allocated memory.
[[nodiscard]] double energy_kwh(const EnergyFactors& f, double hours, int cpus, int gpus, double memory_gb);

struct LabYear {
    int year = 0;
    Figures total;
    std::map<std::string, Figures> by_login;  // every login of the lab, zero when idle
};
struct LabReport {
    Lab lab;
    std::vector<LabYear> years;
};
struct UsageSummary {
    std::vector<int> years;
    std::vector<LabReport> labs;
    std::map<int, Figures> cluster;     // every job, lab or not
    std::map<int, Figures> unassigned;  // jobs of logins in no lab
    EnergyFactors factors;
    std::vector<std::string> sources;   // where the records came from
    std::int64_t records = 0, merged_duplicates = 0, gateway_only = 0;
};

// The gateway's view of a job it ran (its store), for merge_records.
struct GatewayJob {
    std::string job_id;  // "<job>#<attempt>"
    std::string executor, external_id, user, group;
    std::int64_t start = 0, end = 0;
    int cpus = 1;
    std::optional<std::int64_t> max_rss_kb;
};

// Slurm's records, plus the gateway's jobs that Slurm's records do not have. A gateway job run
// on Slurm is the Slurm record with the same job id: Slurm's figures, the gateway's user and
// group (the Galaxy user rather than the service account) when it has them; counted once.
[[nodiscard]] std::vector<JobRecord> merge_records(std::vector<JobRecord> slurm, const std::vector<GatewayJob>& gateway,
                                                   std::int64_t* duplicates = nullptr);

// Sums per lab, login and year over `years` (every year with a record when empty).
[[nodiscard]] UsageSummary summarise(const std::vector<JobRecord>& records, const std::vector<Lab>& labs,
                                     const std::vector<int>& years, const EnergyFactors& factors);

}  // namespace plateau::gateway::lab_usage
