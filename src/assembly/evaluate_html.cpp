// HTML report of evaluate from its JSON report (evaluate_html.hpp).
#include "assembly/evaluate_html.hpp"

#include "core/report/html.hpp"
#include "core/report/json.hpp"

#include <cstdio>
#include <utility>
#include <vector>

namespace plateau::assembly {

namespace {

namespace html = core::html;

struct MetricRow {
    const char* key;    // in the JSON's "metrics"
    const char* label;  // QUAST's row name
    bool fraction;      // printed with two decimals
};

using MetricGroup = std::pair<const char*, std::vector<MetricRow>>;

const std::vector<MetricGroup>& metric_groups() {
    static const std::vector<MetricGroup> groups = {
        {"Contiguity",
         {{"contigs", "# contigs", false}, {"total_length", "Total length", false},
          {"reference_length", "Reference length", false}, {"largest_contig", "Largest contig", false},
          {"n50", "N50", false}, {"ng50", "NG50", false}, {"na50", "NA50", false}, {"nga50", "NGA50", false},
          {"l50", "L50", false}, {"lg50", "LG50", false}, {"la50", "LA50", false}, {"lga50", "LGA50", false}}},
        {"Misassemblies",
         {{"misassemblies", "# misassemblies", false}, {"relocations", "# relocations", false},
          {"inversions", "# inversions", false}, {"translocations", "# translocations", false},
          {"misassembled_contigs", "# misassembled contigs", false},
          {"local_misassemblies", "# local misassemblies", false}}},
        {"Genome coverage",
         {{"genome_fraction", "Genome fraction (%)", true}, {"duplication_ratio", "Duplication ratio", true},
          {"largest_alignment", "Largest alignment", false}, {"total_aligned_length", "Total aligned length", false},
          {"unaligned_contigs", "# unaligned contigs", false},
          {"partially_unaligned_contigs", "# partially unaligned contigs", false},
          {"unaligned_length", "Unaligned length", false}}},
        {"Errors",
         {{"mismatches_per_100kbp", "# mismatches per 100 kbp", true},
          {"indels_per_100kbp", "# indels per 100 kbp", true}, {"mismatches", "# mismatches", false},
          {"indels", "# indels", false}}},
    };
    return groups;
}

std::string value_text(const nlohmann::json& metrics, const MetricRow& row) {
    const double v = core::json_number(core::json_child(&metrics, row.key));
    if (!row.fraction) return html::fmt_count(v);
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

}  // namespace

std::string render_evaluate_html(const nlohmann::json& report) {
    html::Nav nav;
    for (std::size_t g = 0; g < metric_groups().size(); ++g)
        nav.emplace_back("g" + std::to_string(g), metric_groups()[g].first);
    const nlohmann::json* found = core::json_child(&report, "metrics");
    const nlohmann::json metrics = found ? *found : nlohmann::json::object();
    return html::render_page(
        report, "plateau-assemble evaluate report", html::tool_and_version(report, "plateau-assemble evaluate"), nav,
        "plateau-assemble evaluate", [&](std::string& out) {
            for (std::size_t g = 0; g < metric_groups().size(); ++g) {
                html::begin_section(out, "g" + std::to_string(g), metric_groups()[g].first);
                out += "<table>";
                for (const MetricRow& row : metric_groups()[g].second)
                    out += html::row(row.label, {value_text(metrics, row)});
                out += "</table>";
                html::end_section(out);
            }
        });
}

}  // namespace plateau::assembly
