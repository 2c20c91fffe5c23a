#include "gateway/lab_usage/render.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace plateau::gateway::lab_usage {
namespace {

double rounded(double value, double scale = 1e6) { return std::round(value * scale) / scale; }

double carbon_kg(const EnergyFactors& f, double kwh) { return kwh * f.carbon_g_per_kwh / 1000.0; }

nlohmann::json figures_json(const Figures& f, const EnergyFactors& factors) {
    return {{"jobs", f.jobs},
            {"cpu_hours", rounded(f.cpu_hours)},
            {"gpu_hours", rounded(f.gpu_hours)},
            {"elapsed_hours", rounded(f.elapsed_hours)},
            {"memory_gb_hours", rounded(f.memory_gb_hours)},
            {"peak_rss_kb", f.peak_rss_kb ? nlohmann::json(*f.peak_rss_kb) : nlohmann::json(nullptr)},
            {"peak_memory_allocated_mb", f.peak_memory_mb ? nlohmann::json(rounded(*f.peak_memory_mb, 1)) : nlohmann::json(nullptr)},
            {"energy_kwh", rounded(f.energy_kwh)},
            {"carbon_kg_co2e", rounded(carbon_kg(factors, f.energy_kwh))}};
}

nlohmann::json factors_json(const EnergyFactors& f) {
    return {{"method", "Green Algorithms (Lannelongue et al. 2021, Adv. Sci. 8, 2100707)"},
            {"formula", "energy_kwh = hours * (cpus * watts_per_core * core_usage + gpus * watts_per_gpu + "
                        "memory_gb * watts_per_gb) * pue / 1000; carbon_kg_co2e = energy_kwh * carbon_g_per_kwh / 1000"},
            {"watts_per_core", f.watts_per_core},
            {"core_usage", f.core_usage},
            {"watts_per_gpu", f.watts_per_gpu},
            {"watts_per_gb", f.watts_per_gb},
            {"pue", f.pue},
            {"carbon_g_per_kwh", f.carbon_g_per_kwh},
            {"note", "an estimate: allocated resources at nominal power, not measured energy"}};
}

nlohmann::json per_year(const std::map<int, Figures>& by_year, const std::vector<int>& years, const EnergyFactors& factors) {
    nlohmann::json out = nlohmann::json::array();
    for (const int year : years) {
        const auto it = by_year.find(year);
        nlohmann::json row = figures_json(it == by_year.end() ? Figures{} : it->second, factors);
        row["year"] = year;
        out.push_back(std::move(row));
    }
    return out;
}

nlohmann::json lab_json(const LabReport& lab, const EnergyFactors& factors) {
    nlohmann::json years = nlohmann::json::array();
    for (const auto& y : lab.years) {
        nlohmann::json logins = nlohmann::json::array();
        for (const auto& [login, figures] : y.by_login) {
            nlohmann::json row = figures_json(figures, factors);
            row["login"] = login;
            logins.push_back(std::move(row));
        }
        years.push_back({{"year", y.year}, {"total", figures_json(y.total, factors)}, {"by_login", logins}});
    }
    return {{"lab", lab.lab.name}, {"logins", lab.lab.logins}, {"years", years}};
}

std::string number(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string csv_row(const std::string& lab, int year, const std::string& login, const Figures& f, const EnergyFactors& factors) {
    const std::string peak = f.peak_rss_kb ? number(static_cast<double>(*f.peak_rss_kb) / (1024.0 * 1024.0), 3) : "";
    const std::vector<std::string> cells{csv_field(lab), std::to_string(year), csv_field(login), std::to_string(f.jobs),
                                         number(f.cpu_hours, 3), number(f.gpu_hours, 3), number(f.elapsed_hours, 3),
                                         peak, number(f.energy_kwh, 3), number(carbon_kg(factors, f.energy_kwh), 3)};
    std::string line;
    for (const auto& cell : cells) line += (line.empty() ? "" : ",") + cell;
    return line + "\r\n";
}

}  // namespace

nlohmann::json to_json(const UsageSummary& s) {
    nlohmann::json labs = nlohmann::json::array();
    for (const auto& lab : s.labs) labs.push_back(lab_json(lab, s.factors));
    return {{"schema", "plateau-lab-usage"},
            {"schema_version", k_schema_version},
            {"time_zone", "local"},
            {"years", s.years},
            {"sources", s.sources},
            {"records", s.records},
            {"merged_duplicates", s.merged_duplicates},
            {"gateway_only_jobs", s.gateway_only},
            {"energy", factors_json(s.factors)},
            {"labs", labs},
            {"cluster", per_year(s.cluster, s.years, s.factors)},
            {"unassigned", per_year(s.unassigned, s.years, s.factors)}};
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string lab_csv(const LabReport& lab, const EnergyFactors& factors) {
    std::string out = "lab,year,login,jobs,cpu_hours,gpu_hours,elapsed_hours,peak_rss_gb,energy_kwh,carbon_kg_co2e\r\n";
    for (const auto& y : lab.years) {
        out += csv_row(lab.lab.name, y.year, "*", y.total, factors);
        for (const auto& [login, figures] : y.by_login) out += csv_row(lab.lab.name, y.year, login, figures, factors);
    }
    return out;
}

std::vector<std::string> write_outputs(const UsageSummary& summary, const std::string& json_file, const std::string& csv_dir) {
    std::vector<std::string> written;
    const std::string json = to_json(summary).dump(2) + "\n";
    if (json_file == "-") {
        std::cout << json << std::flush;
        if (!std::cout) throw_io_error("cannot write the report to standard output");
    } else if (!json_file.empty()) {
        core::write_file_atomically(json_file, json);
        written.push_back(json_file);
    }
    if (csv_dir.empty()) return written;
    std::error_code ec;
    std::filesystem::create_directories(csv_dir, ec);
    if (ec) throw_io_error("cannot create " + csv_dir + ": " + ec.message());
    for (const auto& lab : summary.labs) {
        const std::string path = (std::filesystem::path(csv_dir) / (lab.lab.name + ".csv")).string();
        core::write_file_atomically(path, lab_csv(lab, summary.factors));
        written.push_back(path);
    }
    return written;
}

}  // namespace plateau::gateway::lab_usage
