#include "qc/report_html.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "core/report/html.hpp"
#include "core/report/json.hpp"
#include "core/report/svg_plot.hpp"

namespace plateau::qc {
namespace {

using nlohmann::json;
namespace svg = core::svg;
using core::html::begin_section;
using core::html::cell;
using core::html::end_section;
using core::html::fmt_count;
using core::html::fmt_rate;
using core::html::row;
using core::json_child;
using core::json_number;
using core::json_numbers;
using core::json_path;
using core::json_text;
using svg::escape_xml;
using svg::format_decimal;
using svg::frame;

constexpr std::size_t k_max_duplication_levels = 50;
constexpr std::size_t k_top_kmers = 32;
constexpr std::size_t k_max_overrepresented_rows = 50;
constexpr std::size_t k_max_adapter_rows = 10;
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

std::string file_label(std::string_view file) { return file == "read1" ? "Read 1" : "Read 2"; }
std::string stage_label(std::string_view stage) {
    return stage == "before_filtering" ? "before filtering" : "after filtering";
}

std::vector<double> as_percent_of_sum(std::vector<double> v) {
    double sum = 0.0;
    for (double x : v)
        if (std::isfinite(x)) sum += x;
    for (double& x : v) x = sum > 0.0 && std::isfinite(x) ? x * 100.0 / sum : 0.0;
    return v;
}

bool has_file(const json& r, std::string_view file) {
    for (std::string_view stage : {"before_filtering", "after_filtering"}) {
        const std::string key = std::string(file) + "_" + std::string(stage);
        if (json_child(&r, key) != nullptr || json_path(r, {"plateau", "reads", key}) != nullptr) return true;
    }
    return false;
}

std::vector<std::string> read_files(const json& r) {
    std::vector<std::string> files;
    for (const char* f : {"read1", "read2"})
        if (has_file(r, f)) files.emplace_back(f);
    return files;
}

// ---- sections ----------------------------------------------------------------------------

// The header's grey line: tool, version and the sequencing the reads came from.
std::string header_meta(const json& r) {
    std::string meta = core::html::tool_and_version(r, "plateau-qc");
    if (const json* seq = json_path(r, {"summary", "sequencing"})) meta += " &#183; " + escape_xml(json_text(seq));
    return meta;
}

void render_summary(std::string& out, const json& r) {
    const json* before = json_path(r, {"summary", "before_filtering"});
    const json* after = json_path(r, {"summary", "after_filtering"});
    const auto both = [&](std::string_view label, std::string_view key, bool rate) {
        const auto f = [&](const json* s) {
            const double v = json_number(json_child(s, key));
            return rate ? fmt_rate(v) : fmt_count(v);
        };
        return row(label, {f(before), f(after)});
    };
    begin_section(out, "summary", "Summary");
    out += "<table><tr><th></th><th class=\"n\">Before filtering</th><th class=\"n\">After filtering</th></tr>";
    out += both("Total reads", "total_reads", false) + both("Total bases", "total_bases", false);
    out += both("Q20 bases", "q20_bases", false) + both("Q20 rate", "q20_rate", true);
    out += both("Q30 bases", "q30_bases", false) + both("Q30 rate", "q30_rate", true);
    out += both("GC content", "gc_content", true);
    const auto mean_len = [&](const json* s, std::string_view key) {
        const double v = json_number(json_child(s, key));
        return std::isfinite(v) ? format_decimal(v, 1) : std::string("&#8211;");
    };
    for (const char* key : {"read1_mean_length", "read2_mean_length"})
        if (json_child(before, key) || json_child(after, key))
            out += row(std::string(key[4] == '1' ? "Read 1" : "Read 2") + " mean length",
                       {mean_len(before, key), mean_len(after, key)});
    out += "</table><table>";
    if (const json* dup = json_path(r, {"duplication", "rate"}))
        out += row("Duplication rate", {fmt_rate(json_number(dup))});
    if (const json* peak = json_path(r, {"insert_size", "peak"})) {
        out += row("Insert size peak", {fmt_count(json_number(peak))});
        if (const json* note = json_path(r, {"plateau", "insert_size_note"}))
            out += "<tr><td colspan=\"2\" class=\"note\">" + escape_xml(json_text(note)) + "</td></tr>";
    }
    out += "</table>";
    end_section(out);
}

void render_verdicts(std::string& out, const json& r) {
    const json* fq = json_path(r, {"plateau", "fastqc"});
    if (fq == nullptr || !fq->is_object()) return;
    std::vector<std::string> files;
    std::vector<std::string> modules;
    for (const auto& [file, list] : fq->items()) {
        if (!list.is_array()) continue;
        files.push_back(file);
        for (const auto& m : list) {
            const std::string name = json_text(json_child(&m, "module"));
            if (!name.empty() && std::find(modules.begin(), modules.end(), name) == modules.end())
                modules.push_back(name);
        }
    }
    begin_section(out, "verdicts", "FastQC-style verdicts");
    out += "<table><tr><th>Module</th>";
    for (const auto& f : files) out += "<th>" + escape_xml(f == "read1" || f == "read2" ? file_label(f) : f) + "</th>";
    out += "</tr>";
    for (const auto& module : modules) {
        out += "<tr><td>" + escape_xml(module) + "</td>";
        for (const auto& f : files) {
            std::string status;
            for (const auto& m : (*fq)[f])
                if (json_text(json_child(&m, "module")) == module)
                    status = json_text(json_child(&m, json_child(&m, "status") ? "status" : "verdict"));
            const bool known = status == "pass" || status == "warn" || status == "fail";
            std::string label = status.empty() || status == "not_applicable" ? "N/A" : status;
            for (char& c : label) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            out += "<td><span class=\"badge " + std::string(known ? status : "none") + "\">" +
                   escape_xml(label) + "</span></td>";
        }
        out += "</tr>";
    }
    out += "</table>";
    end_section(out);
}

void render_filtering(std::string& out, const json& r) {
    const json* fr = json_child(&r, "filtering_result");
    if (fr == nullptr || !fr->is_object()) return;
    const std::vector<std::pair<std::string, std::string>> labels{
        {"passed_filter_reads", "Passed filters"}, {"low_quality_reads", "Low quality"},
        {"too_many_N_reads", "Too many N"},        {"too_short_reads", "Too short"},
        {"too_long_reads", "Too long"},            {"low_complexity_reads", "Low complexity"}};
    double total = 0.0;
    for (const auto& [key, v] : fr->items())
        if (v.is_number()) total += v.get<double>();
    begin_section(out, "filtering", "Filtering result");
    out += "<table><tr><th>Outcome</th><th class=\"n\">Reads</th><th class=\"n\">Percent</th></tr>";
    const auto add = [&](const std::string& label, const json& v) {
        const double n = json_number(&v);
        out += row(label, {fmt_count(n), fmt_rate(total > 0.0 ? n / total : k_nan)});
    };
    for (const auto& [key, label] : labels)  // the usual outcomes in fastp's order, then others
        if (const json* v = json_child(fr, key)) add(label, *v);
    for (const auto& [key, v] : fr->items())
        if (std::none_of(labels.begin(), labels.end(), [&](const auto& l) { return l.first == key; }))
            add(key, v);
    out += "</table>";
    end_section(out);
}

void adapter_count_table(std::string& out, const json* counts, std::string_view caption) {
    if (counts == nullptr || !counts->is_object() || counts->empty()) return;
    std::vector<std::pair<double, std::string>> rows;
    for (const auto& [seq, n] : counts->items()) rows.emplace_back(json_number(&n, 0.0), seq);
    // Most frequent first; fastp's "others" bucket goes last.
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        const bool a_other = a.second == "others";
        const bool b_other = b.second == "others";
        return a_other != b_other ? b_other : a.first > b.first;
    });
    out += "<h3>" + escape_xml(caption) + "</h3><table><tr><th>Trimmed sequence</th><th class=\"n\">"
           "Reads</th></tr>";
    for (std::size_t i = 0; i < rows.size() && i < k_max_adapter_rows; ++i)
        out += "<tr>" + cell("<code class=\"seq\">" + escape_xml(rows[i].second) + "</code>") +
               cell(fmt_count(rows[i].first), true) + "</tr>";
    out += "</table>";
}

void render_adapter_trimming(std::string& out, const json& r) {
    const json* ac = json_child(&r, "adapter_cutting");
    if (ac == nullptr || !ac->is_object()) {
        begin_section(out, "adapters", "Adapter trimming", "No adapter trimming was performed.");
        end_section(out);
        return;
    }
    begin_section(out, "adapters", "Adapter trimming");
    out += "<table>" + row("Reads with adapter trimmed", {fmt_count(json_number(json_child(ac, "adapter_trimmed_reads")))}) +
           row("Bases trimmed", {fmt_count(json_number(json_child(ac, "adapter_trimmed_bases")))});
    for (const char* f : {"read1", "read2"})
        if (const json* s = json_child(ac, std::string(f) + "_adapter_sequence"))
            out += "<tr><th>" + file_label(f) + " adapter</th>" +
                   cell("<code class=\"seq\">" + escape_xml(json_text(s)) + "</code>") + "</tr>";
    out += "</table>";
    adapter_count_table(out, json_child(ac, "read1_adapter_counts"), "Read 1 adapter occurrences");
    adapter_count_table(out, json_child(ac, "read2_adapter_counts"), "Read 2 adapter occurrences");
    end_section(out);
}

std::string quality_plot(const json* fastp_stage, const json* plateau_stage, const std::string& name) {
    auto f = frame(name + ": quality per cycle", "Cycle", "Phred quality");
    const json* pq = json_child(plateau_stage, "per_cycle_quality");
    svg::BoxData b{json_numbers(json_child(pq, "median")), json_numbers(json_child(pq, "lower_quartile")),
                   json_numbers(json_child(pq, "upper_quartile")), json_numbers(json_child(pq, "percentile_10")),
                   json_numbers(json_child(pq, "percentile_90")), json_numbers(json_child(pq, "mean"))};
    if (!b.median.empty() && b.lower_quartile.size() == b.median.size() &&
        b.upper_quartile.size() == b.median.size())
        return svg::quality_box_plot(f, b);
    const json* curves = json_child(fastp_stage, "quality_curves");
    std::vector<svg::Series> series;
    for (const auto& [key, color] : std::vector<std::pair<std::string, std::string>>{
             {"A", "#2ca02c"}, {"T", "#d62728"}, {"C", "#1f77b4"}, {"G", "#8c6d1f"}, {"mean", "#111111"}})
        if (const json* c = json_child(curves, key)) series.push_back({key, color, json_numbers(c)});
    if (series.empty()) return "<p class=\"note\">No quality data.</p>";
    f.y_max_at_least = 40.0;
    return svg::line_plot(f, series);
}

void render_read_stage(std::string& out, const json& r, const std::string& file, const std::string& stage) {
    const std::string key = file + "_" + stage;
    const json* fs = json_child(&r, key);
    const json* ps = json_path(r, {"plateau", "reads", key});
    if (fs == nullptr && ps == nullptr) return;
    const std::string name = file_label(file) + " " + stage_label(stage);
    out += "<section id=\"" + key + "\"><details open=\"\"><summary><h2>" + escape_xml(name) +
           "</h2></summary>";
    if (fs != nullptr) {
        const double reads = json_number(json_child(fs, "total_reads"));
        const double bases = json_number(json_child(fs, "total_bases"));
        out += "<table><tr><th class=\"n\">Reads</th><th class=\"n\">Bases</th><th class=\"n\">"
               "Cycles</th><th class=\"n\">Mean length</th><th class=\"n\">Q20 rate</th>"
               "<th class=\"n\">Q30 rate</th></tr><tr>" +
               cell(fmt_count(reads), true) + cell(fmt_count(bases), true) +
               cell(fmt_count(json_number(json_child(fs, "total_cycles"))), true) +
               cell(reads > 0 ? format_decimal(bases / reads, 1) : "&#8211;", true) +
               cell(fmt_rate(json_number(json_child(fs, "q20_bases")) / bases), true) +
               cell(fmt_rate(json_number(json_child(fs, "q30_bases")) / bases), true) + "</tr></table>";
    }
    out += "<h3>Quality per cycle</h3>" + quality_plot(fs, ps, name);
    if (const json* cc = json_child(fs, "content_curves")) {
        std::vector<svg::Series> series;
        for (const auto& [base, color] : std::vector<std::pair<std::string, std::string>>{
                 {"A", "#2ca02c"}, {"T", "#d62728"}, {"C", "#1f77b4"}, {"G", "#8c6d1f"},
                 {"N", "#7f7f7f"}, {"GC", "#9467bd"}}) {
            auto v = json_numbers(json_child(cc, base));
            for (double& x : v) x *= 100.0;
            if (!v.empty()) series.push_back({base, color, std::move(v)});
        }
        out += "<h3>Base content per cycle</h3>" +
               svg::line_plot(frame(name + ": base content", "Cycle", "Percent of bases"), series);
    }
    if (const json* gc = json_child(ps, "gc_histogram")) {
        const auto f = frame(name + ": GC distribution", "GC content of read (%)", "Percent of reads", 0.0);
        out += "<h3>GC content distribution</h3>" + svg::area_plot(f, as_percent_of_sum(json_numbers(gc)), "#9467bd");
    }
    if (const json* mq = json_child(ps, "mean_quality_histogram"))
        out += "<h3>Mean quality distribution</h3>" +
               svg::histogram_plot(frame(name + ": mean quality", "Mean Phred quality of read", "Percent of reads", 0.0),
                                   as_percent_of_sum(json_numbers(mq)), "#2e7d32");
    if (const json* lh = json_child(ps, "length_histogram"))
        out += "<h3>Length distribution</h3>" +
               svg::histogram_plot(frame(name + ": read length", "Read length (bp)", "Percent of reads", 0.0),
                                   as_percent_of_sum(json_numbers(lh)), "#3a6ea5");
    out += "</details></section>";
}

void render_adapter_content(std::string& out, const json& r) {
    const json* ac = json_path(r, {"plateau", "adapter_content"});
    if (ac == nullptr || !ac->is_object()) return;
    static constexpr const char* k_palette[] = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    begin_section(out, "adapter_content", "Adapter content");
    for (const std::string file : {"read1", "read2"}) {
        const json* per = json_child(ac, file);
        if (per == nullptr || !per->is_object()) continue;
        std::vector<svg::Series> series;
        for (const auto& [adapter, curve] : per->items())
            series.push_back({adapter, k_palette[series.size() % 8], json_numbers(&curve)});
        auto f = frame(file_label(file) + ": adapter content", "Position in read", "Percent of reads");
        f.y_max_at_least = 1.0;
        out += "<h3>" + file_label(file) + "</h3>" + svg::line_plot(f, series);
    }
    end_section(out);
}

void render_duplication(std::string& out, const json& r) {
    const json* dup = json_child(&r, "duplication");
    if (dup == nullptr) return;
    begin_section(out, "duplication", "Duplication");
    out += "<p>Duplication rate: <b>" +
           fmt_rate(json_number(json_child(dup, "rate"))) + "</b></p>";
    const auto hist = json_numbers(json_child(dup, "histogram"));
    if (!hist.empty()) {
        // histogram[k-1] = distinct sequences seen k times; producers may fold the tail into the
        // last bin, and bins past k_max_duplication_levels are folded here.
        std::vector<double> levels(std::min(hist.size(), k_max_duplication_levels), 0.0);
        for (std::size_t i = 0; i < hist.size(); ++i)
            if (std::isfinite(hist[i])) levels[std::min(i, levels.size() - 1)] += hist[i];
        out += svg::bar_plot(frame("Duplication levels", "Times a sequence was seen (last bar: that many or more)",
                                   "Percent of distinct sequences"),
                             as_percent_of_sum(levels), "#c0504d");
    }
    end_section(out);
}

void render_insert_size(std::string& out, const json& r) {
    const json* ins = json_child(&r, "insert_size");
    if (ins == nullptr) return;
    begin_section(out, "insert_size", "Insert size");
    out += "<p>Peak: <b>" +
           fmt_count(json_number(json_child(ins, "peak"))) + "</b> bp &#183; pairs with unknown insert size: <b>" +
           fmt_count(json_number(json_child(ins, "unknown"))) + "</b></p>";
    if (const json* note = json_path(r, {"plateau", "insert_size_note"}))
        out += "<p class=\"note\">" + escape_xml(json_text(note)) + "</p>";
    out += svg::histogram_plot(frame("Insert size distribution", "Insert size (bp)", "Read pairs", 0.0),
                               json_numbers(json_child(ins, "histogram")), "#3a6ea5");
    end_section(out);
}

void render_overrepresented(std::string& out, const json& r, const std::vector<std::string>& files) {
    begin_section(out, "overrepresented", "Overrepresented sequences");
    for (const auto& file : files) {
        out += "<h3>" + file_label(file) + "</h3>";
        std::string rows;
        std::size_t n = 0;
        const json* list = json_path(r, {"plateau", "overrepresented", file});
        if (list != nullptr && list->is_array()) {
            for (const auto& o : *list) {
                if (n++ == k_max_overrepresented_rows) break;
                rows += "<tr>" + cell("<code class=\"seq\">" + escape_xml(json_text(json_child(&o, "sequence"))) + "</code>") +
                        cell(fmt_count(json_number(json_child(&o, "count"))), true) +
                        cell(format_decimal(json_number(json_child(&o, json_child(&o, "percentage") ? "percentage" : "percent")), 4) + "%", true) +
                        cell(escape_xml(json_text(json_child(&o, "possible_source")))) + "</tr>";
            }
        } else if (const json* fo = json_path(r, {file + "_before_filtering", "overrepresented_sequences"});
                   fo != nullptr && fo->is_object()) {
            for (const auto& [seq, count] : fo->items()) {
                if (n++ == k_max_overrepresented_rows) break;
                rows += "<tr>" + cell("<code class=\"seq\">" + escape_xml(seq) + "</code>") +
                        cell(fmt_count(json_number(&count)), true) + cell("", true) + cell("") + "</tr>";
            }
        }
        if (rows.empty()) {
            out += "<p class=\"note\">No overrepresented sequences found.</p>";
            continue;
        }
        out += "<table><tr><th>Sequence</th><th class=\"n\">Count</th><th class=\"n\">Percent</th>"
               "<th>Possible source</th></tr>" + rows + "</table>";
    }
    end_section(out);
}

void render_kmers(std::string& out, const json& r, const std::vector<std::string>& files) {
    std::string body;
    for (const auto& file : files)
        for (const std::string stage : {"before_filtering", "after_filtering"}) {
            const json* kc = json_path(r, {file + "_" + stage, "kmer_count"});
            if (kc == nullptr || !kc->is_object() || kc->empty()) continue;
            std::vector<svg::HeatCell> cells;
            for (const auto& [kmer, n] : kc->items()) {
                const double v = json_number(&n, 0.0);
                cells.push_back({kmer, v, fmt_count(v)});
            }
            std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
            if (cells.size() > k_top_kmers) cells.resize(k_top_kmers);
            const std::string name = file_label(file) + " " + stage_label(stage);
            body += "<h3>" + escape_xml(name) + "</h3>" + svg::heat_table(cells, 8, name + ": top 5-mers");
        }
    if (body.empty()) return;
    begin_section(out, "kmers", "Most frequent 5-mers",
                  "Top " + std::to_string(k_top_kmers) + " by count; darker cells are more frequent.");
    out += body;
    end_section(out);
}

}  // namespace

std::string render_html_report(const nlohmann::json& report, const std::string& title) {
    const auto files = read_files(report);
    core::html::Nav nav{{"summary", "Summary"}};
    if (json_path(report, {"plateau", "fastqc"})) nav.emplace_back("verdicts", "Verdicts");
    if (json_child(&report, "filtering_result")) nav.emplace_back("filtering", "Filtering");
    nav.emplace_back("adapters", "Adapters");
    for (const auto& f : files) nav.emplace_back(f + "_before_filtering", file_label(f));
    if (json_path(report, {"plateau", "adapter_content"})) nav.emplace_back("adapter_content", "Adapter content");
    if (json_child(&report, "duplication")) nav.emplace_back("duplication", "Duplication");
    if (json_child(&report, "insert_size")) nav.emplace_back("insert_size", "Insert size");
    nav.emplace_back("overrepresented", "Overrepresented");
    if (std::any_of(files.begin(), files.end(), [&](const std::string& f) {
            return json_path(report, {f + "_before_filtering", "kmer_count"}) != nullptr;
        }))
        nav.emplace_back("kmers", "5-mers");

    const auto body = [&](std::string& out) {
        render_summary(out, report);
        render_verdicts(out, report);
        render_filtering(out, report);
        render_adapter_trimming(out, report);
        for (const auto& f : files)
            for (const std::string stage : {"before_filtering", "after_filtering"}) render_read_stage(out, report, f, stage);
        render_adapter_content(out, report);
        render_duplication(out, report);
        render_insert_size(out, report);
        render_overrepresented(out, report, files);
        render_kmers(out, report, files);
    };
    return core::html::render_page(report, title, header_meta(report), nav, "plateau-qc", body, 256 * 1024);
}

}  // namespace plateau::qc
