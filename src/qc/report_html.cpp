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

#include "qc/svg_plot.hpp"

namespace plateau::qc {
namespace {

using nlohmann::json;
using svg::escape_xml;
using svg::format_decimal;

constexpr std::size_t k_max_duplication_levels = 50;
constexpr std::size_t k_top_kmers = 32;
constexpr std::size_t k_max_overrepresented_rows = 50;
constexpr std::size_t k_max_adapter_rows = 10;
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

constexpr std::string_view k_css =
    "body{margin:0;background:#eef1f5;color:#1f2328;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}"
    "main{max-width:1040px;margin:0 auto;padding:18px 28px 32px;background:#fff;box-shadow:0 0 8px rgba(0,0,0,.08)}"
    "h1{margin:0 0 4px;font-size:1.7em;color:#16324f}"
    "h2{margin:30px 0 10px;padding-bottom:4px;border-bottom:2px solid #3a6ea5;font-size:1.3em;color:#16324f}"
    "h3{margin:18px 0 6px;font-size:1.02em;color:#333}"
    "summary h2{display:inline-block;border:0;margin:24px 0 6px}summary{cursor:pointer}"
    "details{border-bottom:2px solid #3a6ea5}.meta{color:#57606a}"
    "pre.cmd{background:#f3f5f8;border:1px solid #dde2e8;border-radius:4px;padding:8px 10px;white-space:pre-wrap;word-break:break-all;font-size:.85em}"
    "nav{margin:10px 0;font-size:.9em}nav a{margin-right:12px;color:#3a6ea5;text-decoration:none}"
    "table{border-collapse:collapse;margin:6px 0 10px;font-size:.92em}"
    "th,td{padding:4px 12px;border-bottom:1px solid #e3e7ec;text-align:left;vertical-align:top}"
    "th{background:#f3f5f8;font-weight:600}.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".badge{display:inline-block;min-width:3.4em;padding:1px 6px;border-radius:3px;color:#fff;font-size:.78em;font-weight:700;text-align:center;letter-spacing:.03em}"
    ".pass{background:#2e7d32}.warn{background:#e08600}.fail{background:#c62828}"
    ".none{background:#8c959f}.note{color:#57606a;font-size:.88em}"
    "code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace}"
    "code.seq{word-break:break-all;font-size:.85em}"
    "svg.plot{display:block;max-width:100%;height:auto;margin:4px 0 8px}"
    "svg text{font-size:11px;fill:#333}svg text.axis{font-size:12px;fill:#222}"
    "svg text.mono{font-size:12px;font-weight:600}"
    "footer{margin-top:30px;padding-top:8px;border-top:1px solid #d0d7de;color:#57606a;font-size:.85em}";

// ---- JSON access that tolerates missing keys and wrong types -------------------------

const json* child(const json* j, std::string_view key) {
    if (j == nullptr || !j->is_object()) return nullptr;
    const auto it = j->find(std::string(key));
    return it == j->end() ? nullptr : &*it;
}

const json* path(const json& root, std::initializer_list<std::string_view> keys) {
    const json* j = &root;
    for (auto k : keys) j = child(j, k);
    return j;
}

double number(const json* j, double fallback = k_nan) {
    return j != nullptr && j->is_number() ? j->get<double>() : fallback;
}

std::vector<double> numbers(const json* j) {
    std::vector<double> out;
    if (j == nullptr || !j->is_array()) return out;
    out.reserve(j->size());
    for (const auto& v : *j) out.push_back(v.is_number() ? v.get<double>() : k_nan);
    return out;
}

std::string text(const json* j) {
    if (j == nullptr || j->is_null()) return {};
    return j->is_string() ? j->get<std::string>() : j->dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---- number formatting -----------------------------------------------------------------

std::string fmt_count(double v) {
    if (!std::isfinite(v)) return "&#8211;";
    if (std::fabs(v - std::round(v)) > 1e-9 || std::fabs(v) >= 1e18) return format_decimal(v, 2);
    const long long i = std::llround(v);
    std::string digits = std::to_string(i < 0 ? -i : i);
    for (int pos = static_cast<int>(digits.size()) - 3; pos > 0; pos -= 3)
        digits.insert(static_cast<std::size_t>(pos), ",");
    return (i < 0 ? "-" : "") + digits;
}

/// A fraction (0.9734) as a percentage with two decimals ("97.34%").
std::string fmt_rate(double fraction) {
    if (!std::isfinite(fraction)) return "&#8211;";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100.0);
    return buf;
}

std::string cell(const std::string& html, bool numeric = false) {
    return numeric ? "<td class=\"n\">" + html + "</td>" : "<td>" + html + "</td>";
}

std::string row(std::string_view label, std::initializer_list<std::string> numeric_cells) {
    std::string out = "<tr><th>" + escape_xml(label) + "</th>";
    for (const auto& c : numeric_cells) out += cell(c, true);
    return out + "</tr>";
}

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

/// x_start: the x value of the first sample (cycle 1; 0 for histograms indexed by value).
svg::PlotFrame frame(std::string title, std::string x_label, std::string y_label, double x_start = 1.0) {
    svg::PlotFrame f;
    f.x_start = x_start;
    f.title = std::move(title);
    f.x_label = std::move(x_label);
    f.y_label = std::move(y_label);
    return f;
}

bool has_file(const json& r, std::string_view file) {
    for (std::string_view stage : {"before_filtering", "after_filtering"}) {
        const std::string key = std::string(file) + "_" + std::string(stage);
        if (child(&r, key) != nullptr || path(r, {"plateau", "reads", key}) != nullptr) return true;
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

void render_header(std::string& out, const json& r, const std::string& title,
                   const std::vector<std::pair<std::string, std::string>>& nav) {
    const json* tool = path(r, {"plateau", "tool"});
    const json* version = path(r, {"plateau", "version"});
    std::string meta = escape_xml(tool ? text(tool) : "plateau-qc");
    if (version) meta += " " + escape_xml(text(version));
    if (const json* seq = path(r, {"summary", "sequencing"})) meta += " &#183; " + escape_xml(text(seq));
    out += "<header><h1>" + escape_xml(title) + "</h1><div class=\"meta\">" + meta + "</div>";
    if (const json* cmd = child(&r, "command"))
        out += "<pre class=\"cmd\"><code>" + escape_xml(text(cmd)) + "</code></pre>";
    out += "<nav>";
    for (const auto& [id, label] : nav) out += "<a href=\"#" + id + "\">" + escape_xml(label) + "</a>";
    out += "</nav></header>";
}

void render_summary(std::string& out, const json& r) {
    const json* before = path(r, {"summary", "before_filtering"});
    const json* after = path(r, {"summary", "after_filtering"});
    const auto both = [&](std::string_view label, std::string_view key, bool rate) {
        const auto f = [&](const json* s) {
            const double v = number(child(s, key));
            return rate ? fmt_rate(v) : fmt_count(v);
        };
        return row(label, {f(before), f(after)});
    };
    out += "<section id=\"summary\"><h2>Summary</h2><table><tr><th></th><th class=\"n\">Before "
           "filtering</th><th class=\"n\">After filtering</th></tr>";
    out += both("Total reads", "total_reads", false) + both("Total bases", "total_bases", false);
    out += both("Q20 bases", "q20_bases", false) + both("Q20 rate", "q20_rate", true);
    out += both("Q30 bases", "q30_bases", false) + both("Q30 rate", "q30_rate", true);
    out += both("GC content", "gc_content", true);
    const auto mean_len = [&](const json* s, std::string_view key) {
        const double v = number(child(s, key));
        return std::isfinite(v) ? format_decimal(v, 1) : std::string("&#8211;");
    };
    for (const char* key : {"read1_mean_length", "read2_mean_length"})
        if (child(before, key) || child(after, key))
            out += row(std::string(key[4] == '1' ? "Read 1" : "Read 2") + " mean length",
                       {mean_len(before, key), mean_len(after, key)});
    out += "</table><table>";
    if (const json* dup = path(r, {"duplication", "rate"}))
        out += row("Duplication rate", {fmt_rate(number(dup))});
    if (const json* peak = path(r, {"insert_size", "peak"})) {
        out += row("Insert size peak", {fmt_count(number(peak))});
        if (const json* note = path(r, {"plateau", "insert_size_note"}))
            out += "<tr><td colspan=\"2\" class=\"note\">" + escape_xml(text(note)) + "</td></tr>";
    }
    out += "</table></section>";
}

void render_verdicts(std::string& out, const json& r) {
    const json* fq = path(r, {"plateau", "fastqc"});
    if (fq == nullptr || !fq->is_object()) return;
    std::vector<std::string> files;
    std::vector<std::string> modules;
    for (const auto& [file, list] : fq->items()) {
        if (!list.is_array()) continue;
        files.push_back(file);
        for (const auto& m : list) {
            const std::string name = text(child(&m, "module"));
            if (!name.empty() && std::find(modules.begin(), modules.end(), name) == modules.end())
                modules.push_back(name);
        }
    }
    out += "<section id=\"verdicts\"><h2>FastQC-style verdicts</h2><table><tr><th>Module</th>";
    for (const auto& f : files) out += "<th>" + escape_xml(f == "read1" || f == "read2" ? file_label(f) : f) + "</th>";
    out += "</tr>";
    for (const auto& module : modules) {
        out += "<tr><td>" + escape_xml(module) + "</td>";
        for (const auto& f : files) {
            std::string status;
            for (const auto& m : (*fq)[f])
                if (text(child(&m, "module")) == module)
                    status = text(child(&m, child(&m, "status") ? "status" : "verdict"));
            const bool known = status == "pass" || status == "warn" || status == "fail";
            std::string label = status.empty() ? "N/A" : status;
            for (char& c : label) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            out += "<td><span class=\"badge " + std::string(known ? status : "none") + "\">" +
                   escape_xml(label) + "</span></td>";
        }
        out += "</tr>";
    }
    out += "</table></section>";
}

void render_filtering(std::string& out, const json& r) {
    const json* fr = child(&r, "filtering_result");
    if (fr == nullptr || !fr->is_object()) return;
    const std::vector<std::pair<std::string, std::string>> labels{
        {"passed_filter_reads", "Passed filters"}, {"low_quality_reads", "Low quality"},
        {"too_many_N_reads", "Too many N"},        {"too_short_reads", "Too short"},
        {"too_long_reads", "Too long"},            {"low_complexity_reads", "Low complexity"}};
    double total = 0.0;
    for (const auto& [key, v] : fr->items())
        if (v.is_number()) total += v.get<double>();
    out += "<section id=\"filtering\"><h2>Filtering result</h2><table><tr><th>Outcome</th>"
           "<th class=\"n\">Reads</th><th class=\"n\">Percent</th></tr>";
    const auto add = [&](const std::string& label, const json& v) {
        const double n = number(&v);
        out += row(label, {fmt_count(n), fmt_rate(total > 0.0 ? n / total : k_nan)});
    };
    for (const auto& [key, label] : labels)  // the usual outcomes in fastp's order, then others
        if (const json* v = child(fr, key)) add(label, *v);
    for (const auto& [key, v] : fr->items())
        if (std::none_of(labels.begin(), labels.end(), [&](const auto& l) { return l.first == key; }))
            add(key, v);
    out += "</table></section>";
}

void adapter_count_table(std::string& out, const json* counts, std::string_view caption) {
    if (counts == nullptr || !counts->is_object() || counts->empty()) return;
    std::vector<std::pair<double, std::string>> rows;
    for (const auto& [seq, n] : counts->items()) rows.emplace_back(number(&n, 0.0), seq);
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
    const json* ac = child(&r, "adapter_cutting");
    out += "<section id=\"adapters\"><h2>Adapter trimming</h2>";
    if (ac == nullptr || !ac->is_object()) {
        out += "<p class=\"note\">No adapter trimming was performed.</p></section>";
        return;
    }
    out += "<table>" + row("Reads with adapter trimmed", {fmt_count(number(child(ac, "adapter_trimmed_reads")))}) +
           row("Bases trimmed", {fmt_count(number(child(ac, "adapter_trimmed_bases")))});
    for (const char* f : {"read1", "read2"})
        if (const json* s = child(ac, std::string(f) + "_adapter_sequence"))
            out += "<tr><th>" + file_label(f) + " adapter</th>" +
                   cell("<code class=\"seq\">" + escape_xml(text(s)) + "</code>") + "</tr>";
    out += "</table>";
    adapter_count_table(out, child(ac, "read1_adapter_counts"), "Read 1 adapter occurrences");
    adapter_count_table(out, child(ac, "read2_adapter_counts"), "Read 2 adapter occurrences");
    out += "</section>";
}

std::string quality_plot(const json* fastp_stage, const json* plateau_stage, const std::string& name) {
    auto f = frame(name + ": quality per cycle", "Cycle", "Phred quality");
    const json* pq = child(plateau_stage, "per_cycle_quality");
    svg::BoxData b{numbers(child(pq, "median")), numbers(child(pq, "lower_quartile")),
                   numbers(child(pq, "upper_quartile")), numbers(child(pq, "percentile_10")),
                   numbers(child(pq, "percentile_90")), numbers(child(pq, "mean"))};
    if (!b.median.empty() && b.lower_quartile.size() == b.median.size() &&
        b.upper_quartile.size() == b.median.size())
        return svg::quality_box_plot(f, b);
    const json* curves = child(fastp_stage, "quality_curves");
    std::vector<svg::Series> series;
    for (const auto& [key, color] : std::vector<std::pair<std::string, std::string>>{
             {"A", "#2ca02c"}, {"T", "#d62728"}, {"C", "#1f77b4"}, {"G", "#8c6d1f"}, {"mean", "#111111"}})
        if (const json* c = child(curves, key)) series.push_back({key, color, numbers(c)});
    if (series.empty()) return "<p class=\"note\">No quality data.</p>";
    f.y_max_at_least = 40.0;
    return svg::line_plot(f, series);
}

void render_read_stage(std::string& out, const json& r, const std::string& file, const std::string& stage) {
    const std::string key = file + "_" + stage;
    const json* fs = child(&r, key);
    const json* ps = path(r, {"plateau", "reads", key});
    if (fs == nullptr && ps == nullptr) return;
    const std::string name = file_label(file) + " " + stage_label(stage);
    out += "<section id=\"" + key + "\"><details open=\"\"><summary><h2>" + escape_xml(name) +
           "</h2></summary>";
    if (fs != nullptr) {
        const double reads = number(child(fs, "total_reads"));
        const double bases = number(child(fs, "total_bases"));
        out += "<table><tr><th class=\"n\">Reads</th><th class=\"n\">Bases</th><th class=\"n\">"
               "Cycles</th><th class=\"n\">Mean length</th><th class=\"n\">Q20 rate</th>"
               "<th class=\"n\">Q30 rate</th></tr><tr>" +
               cell(fmt_count(reads), true) + cell(fmt_count(bases), true) +
               cell(fmt_count(number(child(fs, "total_cycles"))), true) +
               cell(reads > 0 ? format_decimal(bases / reads, 1) : "&#8211;", true) +
               cell(fmt_rate(number(child(fs, "q20_bases")) / bases), true) +
               cell(fmt_rate(number(child(fs, "q30_bases")) / bases), true) + "</tr></table>";
    }
    out += "<h3>Quality per cycle</h3>" + quality_plot(fs, ps, name);
    if (const json* cc = child(fs, "content_curves")) {
        std::vector<svg::Series> series;
        for (const auto& [base, color] : std::vector<std::pair<std::string, std::string>>{
                 {"A", "#2ca02c"}, {"T", "#d62728"}, {"C", "#1f77b4"}, {"G", "#8c6d1f"},
                 {"N", "#7f7f7f"}, {"GC", "#9467bd"}}) {
            auto v = numbers(child(cc, base));
            for (double& x : v) x *= 100.0;
            if (!v.empty()) series.push_back({base, color, std::move(v)});
        }
        out += "<h3>Base content per cycle</h3>" +
               svg::line_plot(frame(name + ": base content", "Cycle", "Percent of bases"), series);
    }
    if (const json* gc = child(ps, "gc_histogram")) {
        const auto f = frame(name + ": GC distribution", "GC content of read (%)", "Percent of reads", 0.0);
        out += "<h3>GC content distribution</h3>" + svg::area_plot(f, as_percent_of_sum(numbers(gc)), "#9467bd");
    }
    if (const json* mq = child(ps, "mean_quality_histogram"))
        out += "<h3>Mean quality distribution</h3>" +
               svg::histogram_plot(frame(name + ": mean quality", "Mean Phred quality of read", "Percent of reads", 0.0),
                                   as_percent_of_sum(numbers(mq)), "#2e7d32");
    if (const json* lh = child(ps, "length_histogram"))
        out += "<h3>Length distribution</h3>" +
               svg::histogram_plot(frame(name + ": read length", "Read length (bp)", "Percent of reads", 0.0),
                                   as_percent_of_sum(numbers(lh)), "#3a6ea5");
    out += "</details></section>";
}

void render_adapter_content(std::string& out, const json& r) {
    const json* ac = path(r, {"plateau", "adapter_content"});
    if (ac == nullptr || !ac->is_object()) return;
    static constexpr const char* k_palette[] = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    out += "<section id=\"adapter_content\"><h2>Adapter content</h2>";
    for (const std::string file : {"read1", "read2"}) {
        const json* per = child(ac, file);
        if (per == nullptr || !per->is_object()) continue;
        std::vector<svg::Series> series;
        for (const auto& [adapter, curve] : per->items())
            series.push_back({adapter, k_palette[series.size() % 8], numbers(&curve)});
        auto f = frame(file_label(file) + ": adapter content", "Position in read", "Percent of reads");
        f.y_max_at_least = 1.0;
        out += "<h3>" + file_label(file) + "</h3>" + svg::line_plot(f, series);
    }
    out += "</section>";
}

void render_duplication(std::string& out, const json& r) {
    const json* dup = child(&r, "duplication");
    if (dup == nullptr) return;
    out += "<section id=\"duplication\"><h2>Duplication</h2><p>Duplication rate: <b>" +
           fmt_rate(number(child(dup, "rate"))) + "</b></p>";
    const auto hist = numbers(child(dup, "histogram"));
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
    out += "</section>";
}

void render_insert_size(std::string& out, const json& r) {
    const json* ins = child(&r, "insert_size");
    if (ins == nullptr) return;
    out += "<section id=\"insert_size\"><h2>Insert size</h2><p>Peak: <b>" +
           fmt_count(number(child(ins, "peak"))) + "</b> bp &#183; pairs with unknown insert size: <b>" +
           fmt_count(number(child(ins, "unknown"))) + "</b></p>";
    if (const json* note = path(r, {"plateau", "insert_size_note"}))
        out += "<p class=\"note\">" + escape_xml(text(note)) + "</p>";
    out += svg::histogram_plot(frame("Insert size distribution", "Insert size (bp)", "Read pairs", 0.0),
                               numbers(child(ins, "histogram")), "#3a6ea5");
    out += "</section>";
}

void render_overrepresented(std::string& out, const json& r, const std::vector<std::string>& files) {
    out += "<section id=\"overrepresented\"><h2>Overrepresented sequences</h2>";
    for (const auto& file : files) {
        out += "<h3>" + file_label(file) + "</h3>";
        std::string rows;
        std::size_t n = 0;
        const json* list = path(r, {"plateau", "overrepresented", file});
        if (list != nullptr && list->is_array()) {
            for (const auto& o : *list) {
                if (n++ == k_max_overrepresented_rows) break;
                rows += "<tr>" + cell("<code class=\"seq\">" + escape_xml(text(child(&o, "sequence"))) + "</code>") +
                        cell(fmt_count(number(child(&o, "count"))), true) +
                        cell(format_decimal(number(child(&o, child(&o, "percentage") ? "percentage" : "percent")), 4) + "%", true) +
                        cell(escape_xml(text(child(&o, "possible_source")))) + "</tr>";
            }
        } else if (const json* fo = path(r, {file + "_before_filtering", "overrepresented_sequences"});
                   fo != nullptr && fo->is_object()) {
            for (const auto& [seq, count] : fo->items()) {
                if (n++ == k_max_overrepresented_rows) break;
                rows += "<tr>" + cell("<code class=\"seq\">" + escape_xml(seq) + "</code>") +
                        cell(fmt_count(number(&count)), true) + cell("", true) + cell("") + "</tr>";
            }
        }
        if (rows.empty()) {
            out += "<p class=\"note\">No overrepresented sequences found.</p>";
            continue;
        }
        out += "<table><tr><th>Sequence</th><th class=\"n\">Count</th><th class=\"n\">Percent</th>"
               "<th>Possible source</th></tr>" + rows + "</table>";
    }
    out += "</section>";
}

void render_kmers(std::string& out, const json& r, const std::vector<std::string>& files) {
    std::string body;
    for (const auto& file : files)
        for (const std::string stage : {"before_filtering", "after_filtering"}) {
            const json* kc = path(r, {file + "_" + stage, "kmer_count"});
            if (kc == nullptr || !kc->is_object() || kc->empty()) continue;
            std::vector<svg::HeatCell> cells;
            for (const auto& [kmer, n] : kc->items()) {
                const double v = number(&n, 0.0);
                cells.push_back({kmer, v, fmt_count(v)});
            }
            std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
            if (cells.size() > k_top_kmers) cells.resize(k_top_kmers);
            const std::string name = file_label(file) + " " + stage_label(stage);
            body += "<h3>" + escape_xml(name) + "</h3>" + svg::heat_table(cells, 8, name + ": top 5-mers");
        }
    if (!body.empty())
        out += "<section id=\"kmers\"><h2>Most frequent 5-mers</h2><p class=\"note\">Top " +
               std::to_string(k_top_kmers) + " by count; darker cells are more frequent.</p>" + body + "</section>";
}

void render_footer(std::string& out, const json& r) {
    const json* run = path(r, {"plateau", "run"});
    const std::string tool = text(path(r, {"plateau", "tool"}));
    out += "<footer>Generated by " + escape_xml(tool.empty() ? "plateau-qc" : tool);
    if (const json* v = path(r, {"plateau", "version"})) out += " " + escape_xml(text(v));
    if (run != nullptr)
        out += " &#183; wall time " + format_decimal(number(child(run, "wall_seconds")), 2) + " s &#183; CPU time " +
               format_decimal(number(child(run, "cpu_seconds")), 2) + " s &#183; peak memory " +
               format_decimal(number(child(run, "peak_rss_mb")), 1) + " MB";
    if (const json* sv = path(r, {"plateau", "schema_version"})) out += " &#183; report schema " + escape_xml(text(sv));
    out += "</footer>";
}

}  // namespace

std::string render_html_report(const nlohmann::json& report, const std::string& title) {
    const auto files = read_files(report);
    std::vector<std::pair<std::string, std::string>> nav{{"summary", "Summary"}};
    if (path(report, {"plateau", "fastqc"})) nav.emplace_back("verdicts", "Verdicts");
    if (child(&report, "filtering_result")) nav.emplace_back("filtering", "Filtering");
    nav.emplace_back("adapters", "Adapters");
    for (const auto& f : files) nav.emplace_back(f + "_before_filtering", file_label(f));
    if (path(report, {"plateau", "adapter_content"})) nav.emplace_back("adapter_content", "Adapter content");
    if (child(&report, "duplication")) nav.emplace_back("duplication", "Duplication");
    if (child(&report, "insert_size")) nav.emplace_back("insert_size", "Insert size");
    nav.emplace_back("overrepresented", "Overrepresented");
    if (std::any_of(files.begin(), files.end(), [&](const std::string& f) {
            return path(report, {f + "_before_filtering", "kmer_count"}) != nullptr;
        }))
        nav.emplace_back("kmers", "5-mers");

    std::string out;
    out.reserve(256 * 1024);
    out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"/><title>" + escape_xml(title) + "</title><style>";
    out += k_css;
    out += "</style></head><body><main>";
    render_header(out, report, title, nav);
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
    render_footer(out, report);
    out += "</main></body></html>\n";
    return out;
}

}  // namespace plateau::qc
