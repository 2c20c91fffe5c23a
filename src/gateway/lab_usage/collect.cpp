#include "gateway/lab_usage/collect.hpp"

#include "core/error.hpp"
#include "gateway/database.hpp"
#include "gateway/executors/command_runner.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <sstream>

namespace plateau::gateway::lab_usage {
namespace {

std::string binary(const Options& o, const std::string& name) {
    return o.slurm_bin_dir.empty() ? name : (std::filesystem::path(o.slurm_bin_dir) / name).string();
}

std::vector<int> default_years() {
    const int now = year_of(static_cast<std::int64_t>(std::time(nullptr)));
    return {now - 1, now};
}

std::vector<JobRecord> read_jobcomp_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw_io_error("cannot read the job completion log " + file.string());
    return parse_jobcomp(in);
}

std::filesystem::path discover_jobcomp_file(const Options& o) {
    const auto result = run_command({binary(o, "scontrol"), "show", "config"}, o.command_timeout_seconds);
    if (result.exit_code != 0)
        throw_io_error("scontrol show config failed (exit " + std::to_string(result.exit_code) + "): " + result.err);
    const std::string type = config_value(result.out, "JobCompType");
    const std::string location = config_value(result.out, "JobCompLoc");
    if (type != "jobcomp/filetxt" || location.empty())
        throw_io_error("Slurm has no accounting database and no jobcomp/filetxt log (JobCompType = " + type + ")");
    return location;
}

// nullopt when sacct says there is no accounting storage (the job completion log is read instead).
std::optional<std::vector<JobRecord>> run_sacct(const Options& o, const std::vector<int>& years) {
    const std::string start = std::to_string(years.front()) + "-01-01T00:00:00";
    const std::string end = std::to_string(years.back() + 1) + "-01-01T00:00:00";
    const auto result = run_command({binary(o, "sacct"), "-a", "-P", "-n", "--noconvert", "-S", start, "-E", end,
                                     "-o", k_sacct_fields},
                                    o.command_timeout_seconds);
    if (result.exit_code == 0) return parse_sacct(result.out);
    if (result.err.find("accounting storage is disabled") != std::string::npos) return std::nullopt;
    throw_io_error("sacct failed (exit " + std::to_string(result.exit_code) + "): " + result.err);
}

std::vector<JobRecord> slurm_records(const Options& o, const std::vector<int>& years, std::vector<std::string>& sources) {
    if (o.source == Source::none) return {};
    if (o.source == Source::sacct || (o.source == Source::automatic && o.jobcomp_file.empty())) {
        if (auto records = run_sacct(o, years)) {
            sources.push_back("sacct");
            return std::move(*records);
        }
        if (o.source == Source::sacct) throw_io_error("sacct: Slurm accounting storage is disabled on this cluster");
    }
    const auto file = o.jobcomp_file.empty() ? discover_jobcomp_file(o) : o.jobcomp_file;
    sources.push_back("jobcomp:" + file.string());
    return read_jobcomp_file(file);
}

std::optional<std::int64_t> optional_int(const Poco::Data::RecordSet& rs, std::size_t column, std::size_t row) {
    if (rs.value(column, row).isEmpty()) return std::nullopt;
    return rs.value(column, row).convert<Poco::Int64>();
}

}  // namespace

Source parse_source(const std::string& text) {
    if (text == "auto") return Source::automatic;
    if (text == "sacct") return Source::sacct;
    if (text == "jobcomp") return Source::jobcomp;
    if (text == "none") return Source::none;
    throw_usage_error("usage.source must be auto, sacct, jobcomp or none, not '" + text + "'");
}

Options options_from_config(const GatewayConfig& config) {
    Options o;
    o.source = parse_source(config.usage.source);
    o.jobcomp_file = config.usage.jobcomp_file;
    o.factors = config.usage.factors;
    o.slurm_bin_dir = config.slurm.bin_dir;
    o.local_slots_per_job = config.local.slots_per_job;
    if (!config.usage.labs_file.empty()) {
        std::ifstream in(config.usage.labs_file);
        if (!in) throw_io_error("usage.labs_file: cannot read " + config.usage.labs_file.string());
        o.labs = parse_labs(in, config.usage.labs_file.string());
    }
    return o;
}

void validate(const Options& o) {
    const auto positive = [](const char* key, double value, double high) {
        if (!(value >= 0 && value <= high))
            throw_usage_error(std::string(key) + " = " + std::to_string(value) + " is out of range (0 to " +
                              std::to_string(high) + ")");
    };
    positive("usage.watts_per_core", o.factors.watts_per_core, 1000);
    positive("usage.core_usage", o.factors.core_usage, 1);
    positive("usage.watts_per_gpu", o.factors.watts_per_gpu, 10000);
    positive("usage.watts_per_gb", o.factors.watts_per_gb, 100);
    positive("usage.carbon_g_per_kwh", o.factors.carbon_g_per_kwh, 5000);
    if (!(o.factors.pue >= 1 && o.factors.pue <= 10))
        throw_usage_error("usage.pue = " + std::to_string(o.factors.pue) + " is out of range (1 to 10)");
    for (const int year : o.years)
        if (year < 1970 || year > 9999) throw_usage_error("year " + std::to_string(year) + " is out of range (1970 to 9999)");
}

std::string config_value(const std::string& text, const std::string& key) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with(key)) continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos || line.find_first_not_of(' ', key.size()) != eq) continue;
        const auto value = line.find_first_not_of(' ', eq + 1);
        return value == std::string::npos ? std::string{} : line.substr(value);
    }
    return {};
}

std::vector<GatewayJob> gateway_jobs(Database& db, int local_slots_per_job) {
    try {
        return db.with_session([&](Poco::Data::Session& session) {
            Poco::Data::Statement select(session);
            select << "SELECT job_id || '#' || attempt, executor, external_id, user_name, group_name, started_ms, "
                      "finished_ms, elapsed_seconds, max_rss_kb FROM jobs WHERE finished_ms IS NOT NULL ORDER BY row_id";
            select.execute();
            Poco::Data::RecordSet rs(select);
            std::vector<GatewayJob> jobs;
            for (std::size_t row = 0; row < rs.rowCount(); ++row) {
                GatewayJob j;
                j.job_id = rs.value(0, row).convert<std::string>();
                j.executor = rs.value(1, row).convert<std::string>();
                j.external_id = rs.value(2, row).convert<std::string>();
                j.user = rs.value(3, row).convert<std::string>();
                j.group = rs.value(4, row).convert<std::string>();
                j.end = *optional_int(rs, 6, row) / 1000;
                if (!rs.value(7, row).isEmpty()) j.start = j.end - std::llround(rs.value(7, row).convert<double>());
                else j.start = optional_int(rs, 5, row).value_or(j.end * 1000) / 1000;
                j.max_rss_kb = optional_int(rs, 8, row);
                j.cpus = j.executor == "local" ? local_slots_per_job : 1;
                jobs.push_back(std::move(j));
            }
            return jobs;
        });
    } catch (const Poco::Exception& e) {
        throw_io_error("lab usage: reading the job store: " + e.displayText());
    }
}

UsageSummary collect_usage(const Options& o, Database* db) {
    validate(o);
    const std::vector<int> years = o.years.empty() ? default_years() : o.years;
    std::vector<std::string> sources;
    auto slurm = slurm_records(o, years, sources);
    std::vector<GatewayJob> gateway;
    if (db != nullptr) {
        gateway = gateway_jobs(*db, o.local_slots_per_job);
        sources.push_back("gateway:" + db->file().string());
    }
    std::int64_t duplicates = 0;
    const auto records = merge_records(std::move(slurm), gateway, &duplicates);
    UsageSummary summary = summarise(records, o.labs, years, o.factors);
    summary.sources = std::move(sources);
    summary.merged_duplicates = duplicates;
    return summary;
}

}  // namespace plateau::gateway::lab_usage
