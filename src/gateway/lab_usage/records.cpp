#include "gateway/lab_usage/records.hpp"

#include "gateway/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>
#include <map>

namespace plateau::gateway::lab_usage {
namespace {

std::optional<double> to_number(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// The keys jobcomp/filetxt writes (Slurm 22.05 src/plugins/jobcomp/filetxt/jobcomp_filetxt.c).
constexpr std::array<std::string_view, 27> k_jobcomp_keys{
    "JobId", "UserId", "GroupId", "Name", "JobState", "Partition", "TimeLimit", "StartTime", "EndTime",
    "NodeList", "NodeCnt", "ProcCnt", "WorkDir", "ReservationName", "Tres", "Account", "QOS", "WcKey",
    "Cluster", "SubmitTime", "EligibleTime", "ArrayJobId", "ArrayTaskId", "HetJobId", "HetJobOffset",
    "DerivedExitCode", "ExitCode"};

bool is_jobcomp_key(std::string_view word) {
    const auto eq = word.find('=');
    if (eq == std::string_view::npos) return false;
    const auto key = word.substr(0, eq);
    for (const auto known : k_jobcomp_keys)
        if (key == known) return true;
    return false;
}

// "JobId=1 Name=a b WorkDir=/x" -> {JobId: 1, Name: "a b", WorkDir: /x}: a word that does not
// start with a known key continues the previous value.
std::map<std::string, std::string, std::less<>> jobcomp_fields(std::string_view line) {
    std::map<std::string, std::string, std::less<>> fields;
    std::string* current = nullptr;
    for (const auto word : split(line, ' ')) {
        if (is_jobcomp_key(word)) {
            const auto eq = word.find('=');
            current = &fields[std::string(word.substr(0, eq))];
            current->assign(word.substr(eq + 1));
        } else if (current != nullptr && !word.empty()) {
            *current += ' ';
            *current += word;
        }
    }
    return fields;
}

// "alice(1001)" -> "alice"; a bare number stays as it is (Slurm prints the id when the name is unknown).
std::string name_of(std::string_view text) {
    const auto paren = text.find('(');
    return std::string(text.substr(0, paren));
}

}  // namespace

std::optional<std::int64_t> parse_slurm_time(std::string_view text) {
    if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    const auto part = [&](std::size_t at, std::size_t n) { return parse_integer(text.substr(at, n)); };
    const auto y = part(0, 4), mo = part(5, 2), d = part(8, 2), h = part(11, 2), mi = part(14, 2), s = part(17, 2);
    if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
    std::tm tm{};
    tm.tm_year = static_cast<int>(*y) - 1900;
    tm.tm_mon = static_cast<int>(*mo) - 1;
    tm.tm_mday = static_cast<int>(*d);
    tm.tm_hour = static_cast<int>(*h);
    tm.tm_min = static_cast<int>(*mi);
    tm.tm_sec = static_cast<int>(*s);
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm);
    if (t == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<std::int64_t>(t);
}

std::optional<double> parse_memory_mb(std::string_view text, double bare_unit_mb) {
    if (text.empty()) return std::nullopt;
    double scale = bare_unit_mb;
    switch (text.back()) {
    case 'K': case 'k': scale = 1.0 / 1024; break;
    case 'M': case 'm': scale = 1; break;
    case 'G': case 'g': scale = 1024; break;
    case 'T': case 't': scale = 1024.0 * 1024; break;
    default: break;
    }
    if (std::isalpha(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    const auto value = to_number(text);
    if (!value || *value < 0) return std::nullopt;
    return *value * scale;
}

std::optional<double> tres_value(std::string_view tres, std::string_view name) {
    for (const auto item : split(tres, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || item.substr(0, eq) != name) continue;
        const auto value = item.substr(eq + 1);
        if (name == "mem") return parse_memory_mb(value);
        return to_number(value);
    }
    return std::nullopt;
}

int tres_gpus(std::string_view tres) {
    if (const auto untyped = tres_value(tres, "gres/gpu")) return static_cast<int>(*untyped);
    double typed = 0;
    for (const auto item : split(tres, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || !item.substr(0, eq).starts_with("gres/gpu:")) continue;
        typed += to_number(item.substr(eq + 1)).value_or(0);
    }
    return static_cast<int>(typed);
}

std::optional<JobRecord> parse_jobcomp_line(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.starts_with("JobId=")) return std::nullopt;
    const auto fields = jobcomp_fields(line);
    const auto get = [&](std::string_view key) -> std::string_view {
        const auto it = fields.find(key);
        return it == fields.end() ? std::string_view{} : std::string_view(it->second);
    };
    const auto start = parse_slurm_time(get("StartTime"));
    const auto end = parse_slurm_time(get("EndTime"));
    if (get("JobId").empty() || !start || !end) return std::nullopt;
    JobRecord r;
    r.job_id = std::string(get("JobId"));
    r.user = name_of(get("UserId"));
    r.group = name_of(get("GroupId"));
    r.start = *start;
    r.end = std::max(*start, *end);
    r.cpus = static_cast<int>(parse_integer(get("ProcCnt")).value_or(0));
    r.gpus = tres_gpus(get("Tres"));
    r.memory_mb = tres_value(get("Tres"), "mem");
    r.state = std::string(get("JobState"));
    r.source = "jobcomp";
    return r;
}

std::vector<JobRecord> parse_jobcomp(std::istream& in, std::size_t* skipped) {
    std::vector<JobRecord> records;
    std::size_t not_records = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        if (auto record = parse_jobcomp_line(line)) records.push_back(std::move(*record));
        else ++not_records;
    }
    if (skipped != nullptr) *skipped = not_records;
    return records;
}

std::vector<JobRecord> parse_sacct(std::string_view text) {
    std::vector<JobRecord> records;
    std::map<std::string, std::int64_t, std::less<>> step_rss_kb;
    for (const auto line : split(text, '\n')) {
        const auto f = split(line, '|');
        if (f.size() < 10) continue;
        const auto rss_mb = parse_memory_mb(f[8], 1.0 / 1024);  // MaxRSS: bare numbers are KiB
        if (const auto dot = f[0].find('.'); dot != std::string_view::npos) {
            if (!rss_mb) continue;
            auto& peak = step_rss_kb[std::string(f[0].substr(0, dot))];
            peak = std::max(peak, static_cast<std::int64_t>(std::llround(*rss_mb * 1024)));
            continue;
        }
        const auto start = parse_slurm_time(f[3]);
        const auto end = parse_slurm_time(f[4]);
        if (!start || !end || f[0].empty()) continue;
        JobRecord r;
        r.job_id = std::string(f[0]);
        r.user = std::string(f[1]);
        r.group = std::string(f[2]);
        r.start = *start;
        r.end = std::max(*start, *end);
        r.cpus = static_cast<int>(parse_integer(f[6]).value_or(0));
        r.gpus = tres_gpus(f[7]);
        r.memory_mb = tres_value(f[7], "mem");
        if (rss_mb) r.max_rss_kb = static_cast<std::int64_t>(std::llround(*rss_mb * 1024));
        r.state = std::string(split(f[9], ' ').front());
        r.source = "sacct";
        records.push_back(std::move(r));
    }
    for (auto& r : records)
        if (const auto it = step_rss_kb.find(r.job_id); it != step_rss_kb.end())
            r.max_rss_kb = std::max(r.max_rss_kb.value_or(0), it->second);
    return records;
}

}  // namespace plateau::gateway::lab_usage
