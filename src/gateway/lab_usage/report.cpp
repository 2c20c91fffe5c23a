#include "gateway/lab_usage/report.hpp"

#include "core/error.hpp"
#include "gateway/text.hpp"

#include <algorithm>
#include <ctime>
#include <set>
#include <sstream>
#include <tuple>

namespace plateau::gateway::lab_usage {
namespace {

bool valid_name(const std::string& name) {
    return !name.empty() && name.find_first_of(",=/\"\r\n\t ") == std::string::npos;
}

// Midnight of 1 January of `year`, local time.
std::int64_t new_year(int year) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&tm));
}

void add_share(Figures& f, const JobRecord& r, const YearShare& share, bool ends_here, const EnergyFactors& factors) {
    const double hours = share.seconds / 3600.0;
    const double memory_gb = r.memory_mb.value_or(r.max_rss_kb ? static_cast<double>(*r.max_rss_kb) / 1024 : 0) / 1024;
    f.cpu_hours += hours * r.cpus;
    f.gpu_hours += hours * r.gpus;
    f.elapsed_hours += hours;
    f.memory_gb_hours += hours * memory_gb;
    f.energy_kwh += energy_kwh(factors, hours, r.cpus, r.gpus, memory_gb);
    if (ends_here) ++f.jobs;
    if (r.max_rss_kb) f.peak_rss_kb = std::max(f.peak_rss_kb.value_or(0), *r.max_rss_kb);
    if (r.memory_mb) f.peak_memory_mb = std::max(f.peak_memory_mb.value_or(0), *r.memory_mb);
}

std::vector<int> years_of(const std::vector<JobRecord>& records) {
    std::set<int> years;
    for (const auto& r : records)
        for (const auto& share : split_by_year(r.start, r.end)) years.insert(share.year);
    return {years.begin(), years.end()};
}

LabReport empty_lab_report(const Lab& lab, const std::vector<int>& years) {
    LabReport report{lab, {}};
    for (const int year : years) {
        LabYear y{year, {}, {}};
        for (const auto& login : lab.logins) y.by_login[login];
        report.years.push_back(std::move(y));
    }
    return report;
}

}  // namespace

std::vector<Lab> parse_labs(std::istream& in, const std::string& origin) {
    std::vector<Lab> labs;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        auto words = split_words(line);
        if (words.empty()) continue;
        for (const auto& word : words)
            if (!valid_name(word))
                throw_input_error(origin + ":" + std::to_string(number) + ": '" + word + "' is not a lab name or login");
        if (words.size() < 2)
            throw_input_error(origin + ":" + std::to_string(number) + ": expected 'lab login [login...]'");
        labs.push_back({words.front(), {words.begin() + 1, words.end()}});
    }
    return merge_labs(std::move(labs));
}

Lab parse_lab_argument(const std::string& text) {
    const auto eq = text.find('=');
    Lab lab;
    if (eq != std::string::npos) lab.name = text.substr(0, eq);
    std::istringstream in(eq == std::string::npos ? std::string{} : text.substr(eq + 1));
    for (std::string login; std::getline(in, login, ',');)
        if (!login.empty()) lab.logins.push_back(login);
    const bool valid = valid_name(lab.name) && !lab.logins.empty() &&
                       std::all_of(lab.logins.begin(), lab.logins.end(), valid_name);
    if (!valid) throw_usage_error("--lab expects NAME=login1,login2,..., not '" + text + "'");
    return lab;
}

std::vector<Lab> merge_labs(std::vector<Lab> labs) {
    std::vector<Lab> merged;
    for (auto& lab : labs) {
        auto it = std::find_if(merged.begin(), merged.end(), [&](const Lab& l) { return l.name == lab.name; });
        if (it == merged.end()) it = merged.insert(merged.end(), Lab{lab.name, {}});
        for (auto& login : lab.logins)
            if (std::find(it->logins.begin(), it->logins.end(), login) == it->logins.end()) it->logins.push_back(login);
    }
    return merged;
}

int year_of(std::int64_t time) {
    const auto t = static_cast<std::time_t>(time);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

std::vector<YearShare> split_by_year(std::int64_t start, std::int64_t end) {
    std::vector<YearShare> shares;
    if (end < start) return shares;
    int year = year_of(start);
    std::int64_t from = start;
    while (true) {
        const std::int64_t next = new_year(year + 1);
        if (end <= next) {
            shares.push_back({year, static_cast<double>(end - from)});
            return shares;
        }
        shares.push_back({year, static_cast<double>(next - from)});
        from = next;
        ++year;
    }
}

double energy_kwh(const EnergyFactors& f, double hours, int cpus, int gpus, double memory_gb) {
    const double watts = cpus * f.watts_per_core * f.core_usage + gpus * f.watts_per_gpu + memory_gb * f.watts_per_gb;
    return hours * watts * f.pue / 1000.0;
}

std::vector<JobRecord> merge_records(std::vector<JobRecord> slurm, const std::vector<GatewayJob>& gateway,
                                     std::int64_t* duplicates) {
    // The same job read twice (an overlapping log, a record appended twice) is one job.
    std::sort(slurm.begin(), slurm.end(), [](const JobRecord& a, const JobRecord& b) {
        return std::tie(a.job_id, a.start, a.end) < std::tie(b.job_id, b.start, b.end);
    });
    const auto same = [](const JobRecord& a, const JobRecord& b) {
        return a.job_id == b.job_id && a.start == b.start && a.end == b.end;
    };
    std::int64_t dropped = static_cast<std::int64_t>(slurm.size());
    slurm.erase(std::unique(slurm.begin(), slurm.end(), same), slurm.end());
    dropped -= static_cast<std::int64_t>(slurm.size());
    for (const auto& job : gateway) {
        auto match = slurm.end();
        if (job.executor == "slurm" && !job.external_id.empty())
            match = std::find_if(slurm.begin(), slurm.end(), [&](const JobRecord& r) { return r.job_id == job.external_id; });
        if (match != slurm.end()) {
            ++dropped;
            if (!job.user.empty()) match->user = job.user;
            if (!job.group.empty()) match->group = job.group;
            continue;
        }
        JobRecord r;
        r.job_id = "gateway:" + job.job_id;
        r.user = job.user;
        r.group = job.group;
        r.start = job.start;
        r.end = std::max(job.start, job.end);
        r.cpus = job.cpus;
        r.max_rss_kb = job.max_rss_kb;
        r.source = "gateway";
        slurm.push_back(std::move(r));
    }
    if (duplicates != nullptr) *duplicates = dropped;
    return slurm;
}

UsageSummary summarise(const std::vector<JobRecord>& records, const std::vector<Lab>& labs,
                       const std::vector<int>& wanted_years, const EnergyFactors& factors) {
    UsageSummary s;
    s.factors = factors;
    s.years = wanted_years.empty() ? years_of(records) : wanted_years;
    std::sort(s.years.begin(), s.years.end());
    s.years.erase(std::unique(s.years.begin(), s.years.end()), s.years.end());
    for (const auto& lab : labs) s.labs.push_back(empty_lab_report(lab, s.years));
    const auto year_index = [&](int year) {
        const auto it = std::lower_bound(s.years.begin(), s.years.end(), year);
        return it != s.years.end() && *it == year ? std::optional<std::size_t>(it - s.years.begin()) : std::nullopt;
    };
    for (const auto& r : records) {
        const auto shares = split_by_year(r.start, r.end);
        if (shares.empty()) continue;
        const int end_year = shares.back().year;
        bool counted = false;
        for (const auto& share : shares) {
            const auto index = year_index(share.year);
            if (!index) continue;
            counted = true;
            const bool ends_here = share.year == end_year;
            add_share(s.cluster[share.year], r, share, ends_here, factors);
            bool in_a_lab = false;
            for (auto& lab : s.labs) {
                auto& year = lab.years[*index];
                const auto login = year.by_login.find(r.user);
                if (login == year.by_login.end()) continue;
                in_a_lab = true;
                add_share(login->second, r, share, ends_here, factors);
                add_share(year.total, r, share, ends_here, factors);
            }
            if (!in_a_lab) add_share(s.unassigned[share.year], r, share, ends_here, factors);
        }
        if (counted) ++s.records;
        if (counted && r.source == "gateway") ++s.gateway_only;
    }
    return s;
}

}  // namespace plateau::gateway::lab_usage
