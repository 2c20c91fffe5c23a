// The run report's HTML page, rendered from its JSON alone (core::html page, core::svg plots;
// no script, style sheet or font from the network).
#include "amplicon/table_api.hpp"

#include "core/report/html.hpp"
#include "core/report/json.hpp"
#include "core/report/svg_plot.hpp"

#include <nlohmann/json.hpp>

namespace plateau::amplicon {
namespace {

using nlohmann::json;
namespace svg = core::svg;
using core::html::begin_section;
using core::html::cell;
using core::html::end_section;
using core::html::fmt_count;
using core::html::fmt_rate;
using core::json_child;
using core::json_number;
using core::json_numbers;
using core::json_text;
using svg::escape_xml;
using svg::frame;

void render_summary(std::string& out, const json& r) {
    const json* samples = json_child(&r, "samples");
    const json* clusters = json_child(&r, "clusters");
    begin_section(out, "summary", "Summary");
    out += "<table>";
    out += core::html::row("Samples", {fmt_count(samples != nullptr ? static_cast<double>(samples->size()) : 0)});
    if (const json* funnel = json_child(&r, "funnel"); funnel != nullptr && funnel->is_array()) {
        for (const json& step : *funnel) {
            double total = 0;
            for (double n : json_numbers(json_child(&step, "reads"))) total += n;
            out += core::html::row("Reads after " + json_text(json_child(&step, "step")), {fmt_count(total)});
        }
    }
    if (clusters != nullptr) {
        out += core::html::row("Clusters before filters", {fmt_count(json_number(json_child(clusters, "before_filters")))});
        out += core::html::row("Clusters kept", {fmt_count(json_number(json_child(clusters, "kept")))});
        if (const json* why = json_child(clusters, "excluded_by_reason"); why != nullptr && why->is_object()) {
            for (const auto& [reason, n] : why->items()) out += core::html::row("Excluded: " + reason, {fmt_count(json_number(&n))});
        }
    }
    out += "</table>";
    end_section(out);
}

void render_funnel(std::string& out, const json& r) {
    const json* funnel = json_child(&r, "funnel");
    const json* samples = json_child(&r, "samples");
    if (funnel == nullptr || !funnel->is_array() || funnel->empty() || samples == nullptr) return;
    begin_section(out, "funnel", "Read funnel", "Reads left per sample after each step; the percentage is of the first step.");
    out += "<table><tr><th>Sample</th>";
    for (const json& step : *funnel) out += "<th class=\"n\">" + escape_xml(json_text(json_child(&step, "step"))) + "</th>";
    out += "</tr>";
    std::vector<double> totals(funnel->size(), 0.0);
    for (std::size_t s = 0; s < samples->size(); ++s) {
        out += "<tr><th>" + escape_xml(json_text(&(*samples)[s])) + "</th>";
        double first = 0;
        for (std::size_t k = 0; k < funnel->size(); ++k) {
            const std::vector<double> reads = json_numbers(json_child(&(*funnel)[k], "reads"));
            const double n = s < reads.size() ? reads[s] : 0;
            if (k == 0) first = n;
            totals[k] += n;
            out += cell(fmt_count(n) + (k > 0 && first > 0 ? " (" + fmt_rate(n / first) + ")" : ""), true);
        }
        out += "</tr>";
    }
    out += "</table>";
    out += svg::bar_plot(frame("Reads after each step, all samples", "Step (in the table's column order)", "Reads", 1.0),
                         totals, "#3a6ea5");
    end_section(out);
}

void render_lengths(std::string& out, const json& r) {
    const json* lengths = json_child(&r, "lengths");
    if (lengths == nullptr || !lengths->is_array() || lengths->empty()) return;
    begin_section(out, "lengths", "Length distributions");
    for (const json& d : *lengths) {
        const std::string name = json_text(json_child(&d, "name"));
        out += "<h3>" + escape_xml(name) + "</h3>";
        out += svg::histogram_plot(frame(name, "Length (nt)", "Count", json_number(json_child(&d, "min_length"), 0)),
                                   json_numbers(json_child(&d, "counts")), "#2e7d32");
    }
    end_section(out);
}

void render_cluster_sizes(std::string& out, const json& r) {
    const json* bins = core::json_path(r, {"clusters", "size_distribution"});
    if (bins == nullptr || !bins->is_array() || bins->empty()) return;
    begin_section(out, "sizes", "Cluster size distribution", "Clusters by their total reads, in bins of powers of two.");
    out += "<table><tr><th>Reads</th><th class=\"n\">Clusters</th><th class=\"n\">Reads in them</th></tr>";
    std::vector<double> counts;
    for (const json& b : *bins) {
        const double lo = json_number(json_child(&b, "min_reads"));
        const double hi = json_number(json_child(&b, "max_reads"));
        counts.push_back(json_number(json_child(&b, "clusters")));
        out += "<tr><th>" + fmt_count(lo) + (hi > lo ? "&#8211;" + fmt_count(hi) : "") + "</th>" +
               cell(fmt_count(counts.back()), true) + cell(fmt_count(json_number(json_child(&b, "reads"))), true) + "</tr>";
    }
    out += "</table>";
    out += svg::bar_plot(frame("Clusters by size", "Size bin (bin k: 2^(k-1) to 2^k - 1 reads)", "Clusters", 1.0), counts, "#9467bd");
    end_section(out);
}

void render_top_clusters(std::string& out, const json& r) {
    const json* top = json_child(&r, "top_clusters");
    if (top == nullptr || !top->is_object() || top->empty()) return;
    begin_section(out, "top", "Top clusters per sample");
    for (const auto& [sample, list] : top->items()) {
        out += "<h3>" + escape_xml(sample) + "</h3><table><tr><th>Cluster</th><th>Seed</th><th class=\"n\">Reads</th>"
               "<th class=\"n\">Share of sample</th></tr>";
        for (const json& c : list) {
            out += "<tr>" + cell(escape_xml(json_text(json_child(&c, "name")))) +
                   cell("<code>" + escape_xml(json_text(json_child(&c, "seed_id"))) + "</code>") +
                   cell(fmt_count(json_number(json_child(&c, "reads"))), true) +
                   cell(fmt_rate(json_number(json_child(&c, "fraction"))), true) + "</tr>";
        }
        out += "</table>";
    }
    end_section(out);
}

}  // namespace

std::string run_report_html(const std::string& report_json) {
    const json r = json::parse(report_json, nullptr, false);
    const std::string title = "plateau-amplicon report";
    core::html::Nav nav{{"summary", "Summary"}, {"funnel", "Read funnel"}, {"lengths", "Lengths"}};
    if (json_child(&r, "clusters") != nullptr) {
        nav.emplace_back("sizes", "Cluster sizes");
        nav.emplace_back("top", "Top clusters");
    }
    return core::html::render_page(r, title, core::html::tool_and_version(r, "plateau-amplicon"), nav, "plateau-amplicon",
                                   [&](std::string& out) {
                                       render_summary(out, r);
                                       render_funnel(out, r);
                                       render_lengths(out, r);
                                       render_cluster_sizes(out, r);
                                       render_top_clusters(out, r);
                                   });
}

}  // namespace plateau::amplicon
