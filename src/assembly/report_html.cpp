// HTML report from assembly.json (report_html.hpp).
#include "assembly/report_html.hpp"

#include "core/report/html.hpp"
#include "core/report/json.hpp"
#include "core/report/svg_plot.hpp"

namespace plateau::assembly {

namespace {

namespace html = core::html;

double number_at(const nlohmann::json& j, std::initializer_list<std::string_view> path) {
    return core::json_number(core::json_path(j, path));
}

void contig_section(std::string& out, const nlohmann::json& r) {
    out += "<section id=\"contigs\"><h2>Contigs</h2><table>";
    out += html::row("Contigs", {html::fmt_count(number_at(r, {"contigs", "count"}))});
    out += html::row("Total length (bp)", {html::fmt_count(number_at(r, {"contigs", "total_length"}))});
    out += html::row("N50 (bp)", {html::fmt_count(number_at(r, {"contigs", "n50"}))});
    out += html::row("Largest (bp)", {html::fmt_count(number_at(r, {"contigs", "largest"}))});
    out += html::row("Minimum length (bp)", {html::fmt_count(number_at(r, {"contigs", "min_length"}))});
    out += html::row("Reads", {html::fmt_count(number_at(r, {"input", "reads"}))});
    out += html::row("Bases", {html::fmt_count(number_at(r, {"input", "bases"}))});
    out += "</table></section>";
}

void stage_section(std::string& out, const nlohmann::json& r) {
    out += "<section id=\"stages\"><h2>k stages</h2><table><tr><th>k</th><th>solid threshold</th>"
           "<th>solid k-mers</th><th>carried k-mers</th><th>unitigs</th><th>after cleaning</th><th>tips</th>"
           "<th>bubbles</th><th>weak links</th><th>low depth</th><th>seconds</th></tr>";
    const nlohmann::json* stages = core::json_child(&r, "k_stages");
    if (stages && stages->is_array()) {
        for (const nlohmann::json& s : *stages) {
            out += "<tr>";
            for (const char* key : {"k", "solid_threshold", "solid_kmers", "carried_kmers", "unitigs",
                                    "unitigs_after_cleaning"})
                out += html::cell(html::fmt_count(number_at(s, {key})), true);
            for (const char* key : {"tips", "bubbles", "weak_links", "low_local_depth"})
                out += html::cell(html::fmt_count(number_at(s, {"cleaning", key})), true);
            out += html::cell(html::fmt_count(number_at(s, {"seconds"})), true) + "</tr>";
        }
    }
    out += "</table></section>";
}

void histogram_section(std::string& out, const nlohmann::json& r) {
    const nlohmann::json* stages = core::json_child(&r, "k_stages");
    if (!stages || !stages->is_array() || stages->empty()) return;
    std::vector<double> counts = core::json_numbers(core::json_child(&stages->back(), "kmer_histogram"));
    if (counts.size() < 3) return;
    counts.erase(counts.begin(), counts.begin() + 2);  // counts 0 and 1 are not tabulated
    core::svg::PlotFrame frame;
    frame.title = "k-mer histogram";
    frame.x_label = "count (k-mers seen this often; last bar: 63 or more)";
    frame.y_label = "distinct k-mers";
    frame.x_start = 2;
    out += "<section id=\"histogram\"><h2>k-mer histogram (k = " +
           html::fmt_count(number_at(stages->back(), {"k"})) + ")</h2>" +
           core::svg::bar_plot(frame, counts, "#1f77b4") + "</section>";
}

}  // namespace

std::string render_assembly_html(const nlohmann::json& report) {
    std::string out;
    html::begin_page(out, "plateau-assemble report");
    html::page_header(out, report, "plateau-assemble report",
                      html::tool_and_version(report, "plateau-assemble"),
                      {{"contigs", "Contigs"}, {"stages", "k stages"}, {"histogram", "k-mer histogram"}});
    contig_section(out, report);
    stage_section(out, report);
    histogram_section(out, report);
    html::run_footer(out, report, "plateau-assemble");
    html::end_page(out);
    return out;
}

}  // namespace plateau::assembly
