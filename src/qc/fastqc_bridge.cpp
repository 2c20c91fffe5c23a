#include "qc/fastqc_bridge.hpp"

#include <cctype>
#include <cmath>

namespace plateau::qc {
namespace {

std::string lower_verdict(Verdict v) {
    std::string label(verdict_label(v));
    for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return label;
}

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

std::vector<ModuleResult> fastqc_results(const ReadStats& raw, FastqcInput extras, const std::vector<Contaminant>& contaminants) {
    const int cycles = raw.cycles();
    extras.quality_hist.assign(static_cast<std::size_t>(cycles), std::vector<std::uint64_t>(k_fastqc_max_phred + 1, 0));
    extras.base_counts.assign(static_cast<std::size_t>(cycles), {});
    for (int c = 0; c < cycles; ++c) {
        for (int b = 0; b < k_base_kinds; ++b) {
            for (int q = 0; q < k_quality_bins; ++q) {
                const auto n = static_cast<std::uint64_t>(raw.count(c, b, q));
                extras.quality_hist[static_cast<std::size_t>(c)][static_cast<std::size_t>(q)] += n;
                extras.base_counts[static_cast<std::size_t>(c)][static_cast<std::size_t>(b)] += n;
            }
        }
    }
    extras.length_hist.assign(raw.length_histogram.begin(), raw.length_histogram.end());
    extras.mean_quality_hist.assign(raw.mean_quality_histogram.begin(), raw.mean_quality_histogram.end());
    if (raw.reads == 0) extras.mean_quality_hist.clear();
    std::vector<ModuleResult> modules = fastqc_modules(extras);
    for (ModuleResult& m : modules)
        for (OverrepresentedSequence& o : m.overrepresented) o.possible_source = possible_source(o.sequence, contaminants);
    return modules;
}

nlohmann::json fastqc_json(const std::vector<ModuleResult>& modules) {
    nlohmann::json out = nlohmann::json::array();
    for (const ModuleResult& m : modules) {
        nlohmann::json entry = {{"module", m.name}, {"status", m.applicable ? lower_verdict(m.verdict) : "not_applicable"}};
        if (!m.note.empty()) entry["note"] = m.note;
        if (!m.x_labels.empty()) entry["x"] = m.x_labels;
        nlohmann::json series = nlohmann::json::object();
        for (const Series& s : m.series) {
            nlohmann::json values = nlohmann::json::array();
            for (double v : s.values) values.push_back(number_or_null(v));
            series[s.name] = values;
        }
        if (!series.empty()) entry["series"] = series;
        for (const auto& [key, value] : m.values) entry["values"][key] = number_or_null(value);
        for (const auto& [key, value] : m.info) entry["info"][key] = value;
        out.push_back(entry);
    }
    return out;
}

}  // namespace plateau::qc
