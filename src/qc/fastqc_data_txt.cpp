#include "qc/fastqc_data_txt.hpp"

#include <charconv>
#include <cmath>

namespace plateau::qc {
namespace {

// Java's Double.toString, as FastQC prints numbers: shortest digits that read back exactly, plain
// ("32.0", "0.8") for magnitudes in [1e-3, 1e7) and zero, else "8.81E-4"; "NaN".
std::string java_double(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    const double magnitude = std::abs(v);
    const bool scientific = magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7);
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, scientific ? std::chars_format::scientific : std::chars_format::fixed);
    std::string text(buffer, ec == std::errc() ? end : buffer);
    if (!scientific) return text.find('.') == std::string::npos ? text + ".0" : text;
    const std::size_t e = text.find('e');
    std::string mantissa = text.substr(0, e);
    if (mantissa.find('.') == std::string::npos) mantissa += ".0";
    return mantissa + "E" + std::to_string(std::stoi(text.substr(e + 1)));
}

std::string lower(Verdict v) {
    switch (v) {
        case Verdict::pass: return "pass";
        case Verdict::warn: return "warn";
        case Verdict::fail: return "fail";
    }
    return "pass";
}

// FastQC's header of a module's first column.
std::string_view first_column(std::string_view module) {
    if (module == "Per sequence quality scores") return "Quality";
    if (module == "Sequence Length Distribution") return "Length";
    if (module == "Adapter Content") return "Position";
    if (module == "Sequence Duplication Levels") return "Duplication Level";
    if (module == "Per sequence GC content") return "GC Content";
    return "Base";
}

// `names` overrides the series names (FastQC's GC table says "Count"); `trim_padding` drops an
// empty first and last row (FastQC's length distribution pads the graph with them).
void table(std::string& out, const ModuleResult& m, std::size_t series_count, const char* name = nullptr, bool trim_padding = false) {
    out += "#" + std::string(first_column(m.name));
    for (std::size_t s = 0; s < series_count; ++s) out += "\t" + (name ? std::string(name) : m.series[s].name);
    out += "\n";
    for (std::size_t i = 0; i < m.x_labels.size(); ++i) {
        const bool edge = i == 0 || i + 1 == m.x_labels.size();
        if (trim_padding && edge && series_count > 0 && m.series[0].values[i] == 0) continue;
        out += m.x_labels[i];
        for (std::size_t s = 0; s < series_count; ++s) out += "\t" + java_double(m.series[s].values[i]);
        out += "\n";
    }
}

void module_body(std::string& out, const ModuleResult& m, std::string_view filename) {
    if (m.name == "Basic Statistics") {
        out += "#Measure\tValue\nFilename\t" + std::string(filename) + "\n";
        for (const auto& [key, value] : m.info) out += key + "\t" + value + "\n";
    } else if (m.name == "Per tile sequence quality") {
        out += "#Tile\tBase\tMean\n";
        for (const Series& tile : m.series)
            for (std::size_t i = 0; i < m.x_labels.size(); ++i) out += tile.name + "\t" + m.x_labels[i] + "\t" + java_double(tile.values[i]) + "\n";
    } else if (m.name == "Overrepresented sequences") {
        if (m.overrepresented.empty()) return;
        out += "#Sequence\tCount\tPercentage\tPossible Source\n";
        for (const OverrepresentedSequence& o : m.overrepresented)
            out += o.sequence + "\t" + std::to_string(o.count) + "\t" + java_double(o.percent) + "\t" + o.possible_source + "\n";
    } else if (m.name == "Sequence Duplication Levels") {
        for (const auto& [key, value] : m.values) out += "#" + key + "\t" + java_double(value) + "\n";
        table(out, m, m.series.size());
    } else if (m.name == "Per sequence GC content") {
        table(out, m, 1, "Count");  // FastQC writes the counts, not the fitted distribution
    } else if (m.name == "Sequence Length Distribution") {
        table(out, m, m.series.size(), nullptr, true);
    } else {
        table(out, m, m.series.size());
    }
}

std::string_view base_name(std::string_view path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string fastqc_data_text(const std::vector<ModuleResult>& modules, std::string_view filename) {
    std::string out = "##FastQC\t" + std::string(k_fastqc_data_version) + "\n";
    for (const ModuleResult& m : modules) {
        if (!m.applicable) continue;
        out += ">>" + m.name + "\t" + lower(m.verdict) + "\n";
        module_body(out, m, filename);
        out += ">>END_MODULE\n";
    }
    return out;
}

std::string fastqc_summary_text(const std::vector<ModuleResult>& modules, std::string_view filename) {
    std::string out;
    for (const ModuleResult& m : modules)
        if (m.applicable) out += std::string(verdict_label(m.verdict)) + "\t" + m.name + "\t" + std::string(filename) + "\n";
    return out;
}

std::string fastqc_file_name(std::string_view input_path) {
    return input_path == "-" ? std::string("stdin") : std::string(base_name(input_path));
}

std::string fastqc_folder_name(std::string_view input_path) {
    std::string name = fastqc_file_name(input_path);
    for (std::string_view suffix : {".gz", ".bz2", ".txt", ".fastq", ".fq", ".csfastq", ".sam", ".bam"}) {
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            name.resize(name.size() - suffix.size());
    }
    return name + "_fastqc";
}

}  // namespace plateau::qc
