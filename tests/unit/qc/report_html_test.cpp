#include "qc/report_html.hpp"
#include "qc/svg_plot.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#define TEST_GROUP "[qc][report]"

namespace {

using nlohmann::json;
namespace qc = plateau::qc;
namespace svg = plateau::qc::svg;

json per_cycle(int cycles, double start, double slope) {
    json a = json::array();
    for (int i = 0; i < cycles; ++i) a.push_back(start + slope * i);
    return a;
}

json fastp_stage(int cycles, long long reads) {
    json kmers = json::object();
    const std::string bases = "ACGT";
    for (int code = 0; code < 1024; ++code) {
        std::string k;
        for (int i = 4; i >= 0; --i) k += bases[static_cast<std::size_t>((code >> (2 * i)) & 3)];
        kmers[k] = 1000 + (code * 37) % 500;
    }
    kmers["AGATC"] = 987654;
    const json q = per_cycle(cycles, 36.0, -0.05);
    return {{"total_reads", reads}, {"total_bases", reads * cycles}, {"q20_bases", reads * cycles * 97 / 100},
            {"q30_bases", reads * cycles * 92 / 100}, {"total_cycles", cycles},
            {"quality_curves", {{"A", q}, {"T", q}, {"C", q}, {"G", q}, {"mean", q}}},
            {"content_curves", {{"A", per_cycle(cycles, 0.29, 0)}, {"T", per_cycle(cycles, 0.29, 0)},
                                {"C", per_cycle(cycles, 0.21, 0)}, {"G", per_cycle(cycles, 0.21, 0)},
                                {"N", per_cycle(cycles, 0.001, 0)}, {"GC", per_cycle(cycles, 0.42, 0)}}},
            {"kmer_count", kmers}, {"overrepresented_sequences", json::object()}};
}

json plateau_stage(int cycles) {
    json length = json::array();
    for (int i = 0; i <= cycles; ++i) length.push_back(i == cycles ? 5000 : 0);
    json gc = json::array();
    for (int i = 0; i <= 100; ++i) gc.push_back(i > 30 && i < 60 ? 100 : 0);
    json mq = json::array();
    for (int i = 0; i <= 41; ++i) mq.push_back(i > 25 ? 200 : 0);
    return {{"per_cycle_quality", {{"mean", per_cycle(cycles, 35, -0.05)}, {"median", per_cycle(cycles, 37, -0.05)},
                                   {"lower_quartile", per_cycle(cycles, 33, -0.05)},
                                   {"upper_quartile", per_cycle(cycles, 38, -0.05)},
                                   {"percentile_10", per_cycle(cycles, 25, -0.05)},
                                   {"percentile_90", per_cycle(cycles, 39, -0.05)}}},
            {"length_histogram", length}, {"gc_histogram", gc}, {"mean_quality_histogram", mq}};
}

/// A report in the documented schema; single-end leaves out read2_*, insert_size and read2 adapters.
json make_report(bool paired, int cycles = 150) {
    json r;
    r["summary"] = {{"sequencing", paired ? "paired end (150 cycles + 150 cycles)" : "single end (150 cycles)"},
                    {"before_filtering", {{"total_reads", 1234567}, {"total_bases", 185185050},
                                          {"q20_bases", 179629498}, {"q30_bases", 170370246}, {"q20_rate", 0.9734},
                                          {"q30_rate", 0.9321}, {"read1_mean_length", 150}, {"gc_content", 0.4512}}},
                    {"after_filtering", {{"total_reads", 1200000}, {"total_bases", 178000000}, {"q20_bases", 175000000},
                                         {"q30_bases", 168000000}, {"q20_rate", 0.9831}, {"q30_rate", 0.9438},
                                         {"read1_mean_length", 148}, {"gc_content", 0.4498}}}};
    r["filtering_result"] = {{"passed_filter_reads", 1200000}, {"low_quality_reads", 30000}, {"too_many_N_reads", 567},
                             {"too_short_reads", 4000}, {"too_long_reads", 0}, {"low_complexity_reads", 0}};
    r["duplication"] = {{"rate", 0.0123}, {"histogram", {9000, 400, 30, 2}}};
    r["adapter_cutting"] = {{"adapter_trimmed_reads", 45678}, {"adapter_trimmed_bases", 987650},
                            {"read1_adapter_sequence", "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"},
                            {"read1_adapter_counts", {{"AGATCGG", 20000}, {"A<G&", 7}}}};
    r["command"] = "plateau-qc -i a.fq.gz --title 'x & <y>'";
    const std::vector<std::string> files = paired ? std::vector<std::string>{"read1", "read2"}
                                                  : std::vector<std::string>{"read1"};
    json p = {{"schema_version", 1}, {"tool", "plateau-qc"}, {"version", "0.1.0"},
              {"insert_size_note", "Insert sizes come only from pairs whose reads overlap."},
              {"run", {{"wall_seconds", 12.5}, {"cpu_seconds", 40.25}, {"peak_rss_mb", 321.5}}}};
    for (const auto& f : files) {
        for (const std::string stage : {"_before_filtering", "_after_filtering"}) {
            r[f + stage] = fastp_stage(cycles, stage == "_before_filtering" ? 1234567 : 1200000);
            p["reads"][f + stage] = plateau_stage(cycles);
        }
        p["fastqc"][f] = {{{"module", "Per base sequence quality"}, {"status", "pass"}},
                          {{"module", "Per base sequence content"}, {"status", "warn"}},
                          {{"module", "Adapter Content"}, {"status", "fail"}}};
        p["adapter_content"][f] = {{"Illumina Universal Adapter", per_cycle(cycles, 0, 0.01)},
                                   {"Nextera Transposase Sequence", per_cycle(cycles, 0, 0)}};
        p["overrepresented"][f] = {{{"sequence", "GATCGGAAGAGCACACGTCTGAACTCCAGTCACGTAGCTAGCTAGCATCGA"},
                                    {"count", 4321}, {"percentage", 0.35}, {"possible_source", "TruSeq Adapter"}}};
    }
    if (paired) {
        r["summary"]["before_filtering"]["read2_mean_length"] = 149;
        r["summary"]["after_filtering"]["read2_mean_length"] = 147;
        json h = json::array();
        for (int i = 0; i < 512; ++i) h.push_back(i > 100 && i < 400 ? 1000 - std::abs(i - 270) * 5 : 0);
        r["insert_size"] = {{"peak", 270}, {"unknown", 4321}, {"histogram", h}};
        r["adapter_cutting"]["read2_adapter_sequence"] = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT";
        r["adapter_cutting"]["read2_adapter_counts"] = {{"AGATCGG", 19000}};
    }
    r["plateau"] = p;
    return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

/// Minimal XML structure check: every start tag is closed in order (comments,
/// the doctype and self-closing tags aside), attribute quotes are balanced, and
/// no raw '<' or '&' that is not markup or an entity appears in text.
std::string tag_balance_error(const std::string& doc) {
    std::vector<std::string> stack;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (doc[i] == '&') {
            const auto semi = doc.find(';', i);
            if (semi == std::string::npos || semi - i > 10) return "bare & at " + std::to_string(i);
            continue;
        }
        if (doc[i] != '<') continue;
        if (doc.compare(i, 2, "<!") == 0) {
            i = doc.find('>', i);
            if (i == std::string::npos) return "unterminated declaration";
            continue;
        }
        std::size_t end = i + 1;
        char quote = 0;
        for (; end < doc.size(); ++end) {
            if (quote != 0) {
                if (doc[end] == quote) quote = 0;
            } else if (doc[end] == '"' || doc[end] == '\'') {
                quote = doc[end];
            } else if (doc[end] == '<') {
                return "'<' inside a tag at " + std::to_string(end);
            } else if (doc[end] == '>') {
                break;
            }
        }
        if (end >= doc.size()) return "unterminated tag at " + std::to_string(i);
        const std::string tag = doc.substr(i + 1, end - i - 1);
        if (tag.empty()) return "empty tag at " + std::to_string(i);
        if (tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name)
                return "</" + name + "> closes <" + (stack.empty() ? "" : stack.back()) + ">";
            stack.pop_back();
        } else if (tag.back() != '/') {
            stack.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
        }
        i = end;
    }
    return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

/// A file in the temp directory, removed when the guard goes out of scope.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& stem) {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() / (stem + "-" + std::to_string(rd()) + ".html");
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

void check_well_formed(const std::string& html) {
    INFO(tag_balance_error(html));
    CHECK(tag_balance_error(html).empty());
    if (!std::filesystem::exists("/usr/bin/xmllint")) return;
    TempFile file("plateau-report-html-test");
    {
        std::ofstream out(file.path, std::ios::binary);
        out << html;
        REQUIRE(out.good());
    }
    const std::string cmd = "/usr/bin/xmllint --noout --nonet '" + file.path.string() + "'";
    CHECK(std::system(cmd.c_str()) == 0);
}

const std::vector<std::string> k_common_sections = {
    "summary", "verdicts", "filtering", "adapters", "read1_before_filtering", "read1_after_filtering",
    "adapter_content", "duplication", "overrepresented", "kmers"};
const std::vector<std::string> k_paired_only_sections = {"read2_before_filtering", "read2_after_filtering",
                                                         "insert_size"};

}  // namespace

TEST_CASE("render_html_report: a paired report has every section", TEST_GROUP) {
    const std::string html = qc::render_html_report(make_report(true), "Run 42");
    for (const auto& id : k_common_sections) {
        CAPTURE(id);
        CHECK(contains(html, "<section id=\"" + id + "\">"));
    }
    for (const auto& id : k_paired_only_sections) {
        CAPTURE(id);
        CHECK(contains(html, "<section id=\"" + id + "\">"));
    }
    CHECK(contains(html, "<footer>"));
    CHECK(contains(html, "<h1>Run 42</h1>"));
    CHECK(contains(html, "Read 2 adapter"));
}

TEST_CASE("render_html_report: a single-end report has no read 2 or insert size sections", TEST_GROUP) {
    const std::string html = qc::render_html_report(make_report(false), "single");
    for (const auto& id : k_common_sections) {
        CAPTURE(id);
        CHECK(contains(html, "<section id=\"" + id + "\">"));
    }
    for (const auto& id : k_paired_only_sections) {
        CAPTURE(id);
        CHECK_FALSE(contains(html, "id=\"" + id + "\""));
    }
    CHECK_FALSE(contains(html, "Read 2"));
    check_well_formed(html);
}

TEST_CASE("render_html_report: the page references nothing on the network", TEST_GROUP) {
    const std::string html = qc::render_html_report(make_report(true), "offline");
    CHECK_FALSE(contains(html, "http://"));
    CHECK_FALSE(contains(html, "https://"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<link"));
    CHECK_FALSE(contains(html, "<img"));
    CHECK_FALSE(contains(html, "src="));
    CHECK_FALSE(contains(html, "url("));
    CHECK_FALSE(contains(html, "@import"));
    CHECK_FALSE(contains(html, "@font-face"));
}

TEST_CASE("render_html_report: title, command, sequences and names are escaped", TEST_GROUP) {
    json r = make_report(true);
    r["command"] = "plateau-qc -i \"a&b.fq\" -o <out>.fq";
    r["plateau"]["overrepresented"]["read1"][0]["sequence"] = "ACGT<script>alert(2)</script>";
    r["plateau"]["adapter_content"]["read1"]["</svg><b>evil</b>"] = json::array({1.0, 2.0});
    const std::string html = qc::render_html_report(r, "<script>alert(1)</script> & co");
    CHECK_FALSE(contains(html, "<script>"));
    CHECK(contains(html, "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>"));
    CHECK(contains(html, "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>"));
    CHECK(contains(html, "<code>plateau-qc -i &quot;a&amp;b.fq&quot; -o &lt;out&gt;.fq</code>"));
    CHECK(contains(html, "ACGT&lt;script&gt;alert(2)&lt;/script&gt;"));
    CHECK(contains(html, "&lt;/svg&gt;&lt;b&gt;evil&lt;/b&gt;"));
    CHECK(contains(html, "A&lt;G&amp;"));  // an adapter-count key
    check_well_formed(html);
}

TEST_CASE("render_html_report: the whole page is well-formed XML", TEST_GROUP) {
    const bool paired = GENERATE(true, false);
    CAPTURE(paired);
    check_well_formed(qc::render_html_report(make_report(paired), "well-formed"));
}

TEST_CASE("render_html_report: the numbers shown are the ones in the JSON", TEST_GROUP) {
    const std::string html = qc::render_html_report(make_report(true), "numbers");
    CHECK(contains(html, "<td class=\"n\">1,234,567</td><td class=\"n\">1,200,000</td>"));  // total reads
    CHECK(contains(html, "<td class=\"n\">97.34%</td><td class=\"n\">98.31%</td>"));        // Q20 rate
    CHECK(contains(html, "<td class=\"n\">93.21%</td><td class=\"n\">94.38%</td>"));        // Q30 rate
    CHECK(contains(html, "<td class=\"n\">45.12%</td><td class=\"n\">44.98%</td>"));        // GC
    CHECK(contains(html, "<td class=\"n\">149</td><td class=\"n\">147</td>"));              // read 2 length
    CHECK(contains(html, "<th>Duplication rate</th><td class=\"n\">1.23%</td>"));
    CHECK(contains(html, "<th>Insert size peak</th><td class=\"n\">270</td>"));
    CHECK(contains(html, "Insert sizes come only from pairs whose reads overlap."));
    // Filtering: 1,234,567 reads in all; 30,000 / 1,234,567 = 2.43%.
    CHECK(contains(html, "<th>Passed filters</th><td class=\"n\">1,200,000</td><td class=\"n\">97.20%</td>"));
    CHECK(contains(html, "<th>Low quality</th><td class=\"n\">30,000</td><td class=\"n\">2.43%</td>"));
    CHECK(contains(html, "<th>Too many N</th><td class=\"n\">567</td><td class=\"n\">0.05%</td>"));
    CHECK(contains(html, "<td class=\"n\">45,678</td>"));  // adapter-trimmed reads
    CHECK(contains(html, "<td class=\"n\">4,321</td><td class=\"n\">0.35%</td><td>TruSeq Adapter</td>"));
    CHECK(contains(html, "AGATC: 987,654"));  // k-mer tooltip
    CHECK(contains(html, "wall time 12.5 s"));
    CHECK(contains(html, "CPU time 40.25 s"));
    CHECK(contains(html, "peak memory 321.5 MB"));
    CHECK(contains(html, "<span class=\"badge pass\">PASS</span>"));
    CHECK(contains(html, "<span class=\"badge warn\">WARN</span>"));
    CHECK(contains(html, "<span class=\"badge fail\">FAIL</span>"));
}

TEST_CASE("render_html_report: missing or mistyped keys leave sections out instead of failing", TEST_GROUP) {
    SECTION("an empty report") {
        std::string html;
        REQUIRE_NOTHROW(html = qc::render_html_report(json::object(), "empty"));
        CHECK(contains(html, "<section id=\"summary\">"));
        CHECK_FALSE(contains(html, "id=\"read1_before_filtering\""));
        CHECK_FALSE(contains(html, "id=\"kmers\""));
        check_well_formed(html);
        CHECK_NOTHROW(qc::render_html_report(json(), "null"));
        CHECK_NOTHROW(qc::render_html_report(json::array({1, 2}), "array"));
    }
    SECTION("wrong types everywhere") {
        json r = make_report(true);
        r["summary"] = 5;
        r["filtering_result"] = "none";
        r["duplication"]["histogram"] = {"a", nullptr, 3};
        r["plateau"]["reads"]["read1_before_filtering"]["per_cycle_quality"]["median"] = "oops";
        r["plateau"]["fastqc"]["read1"] = json::array({1, json::object()});
        r["plateau"]["overrepresented"]["read2"] = json::array({nullptr, "x"});
        r["adapter_cutting"]["read1_adapter_counts"] = json::array();
        r["read1_after_filtering"]["kmer_count"] = json::array();
        r["insert_size"]["histogram"] = json::object();
        std::string html;
        REQUIRE_NOTHROW(html = qc::render_html_report(r, "odd"));
        check_well_formed(html);
    }
    SECTION("no plateau section: the fastp mean curves are plotted") {
        json r = make_report(false);
        r.erase("plateau");
        r.erase("adapter_cutting");
        const std::string html = qc::render_html_report(r, "fastp only");
        CHECK(contains(html, "Read 1 before filtering: quality per cycle"));
        CHECK(contains(html, "No adapter trimming was performed."));
        CHECK_FALSE(contains(html, "#f2d24b"));  // no quartile boxes
        check_well_formed(html);
    }
}

TEST_CASE("render_html_report: a paired-end report stays compact", TEST_GROUP) {
    const std::string html = qc::render_html_report(make_report(true, 151), "size");
    CHECK(html.size() < 300u * 1024u);
    // Long reads: per-position data is reduced to the plot's resolution.
    const std::string long_reads = qc::render_html_report(make_report(false, 20000), "long");
    CHECK(long_reads.size() < 300u * 1024u);
    check_well_formed(long_reads);
}

TEST_CASE("svg_plot: escape_xml replaces markup characters and invalid UTF-8", TEST_GROUP) {
    CHECK(svg::escape_xml("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
    CHECK(svg::escape_xml("caf\xC3\xA9") == "caf\xC3\xA9");           // valid UTF-8 kept
    CHECK(svg::escape_xml("x\xFFy") == "x\xEF\xBF\xBDy");              // invalid byte replaced
    CHECK(svg::escape_xml("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    CHECK(svg::escape_xml(std::string("a\x01" "b", 3)) == "a?b");      // control character
}

TEST_CASE("svg_plot: nice_ticks and number formatting", TEST_GROUP) {
    CHECK(svg::nice_ticks(0, 40, 6, false) == std::vector<double>{0, 5, 10, 15, 20, 25, 30, 35, 40});
    CHECK(svg::nice_ticks(1, 150, 7, true) == std::vector<double>{20, 40, 60, 80, 100, 120, 140});
    CHECK(svg::nice_ticks(0, 0.05, 5, false).size() == 6);
    CHECK(svg::format_decimal(97.3400, 2) == "97.34");
    CHECK(svg::format_decimal(2.0, 2) == "2");
    CHECK(svg::format_compact(2300000) == "2.3M");
    CHECK(svg::format_compact(1500) == "1.5k");
}

TEST_CASE("svg_plot: plots are single well-formed svg elements", TEST_GROUP) {
    svg::PlotFrame f;
    f.title = "t<1>";
    f.x_label = "Cycle";
    f.y_label = "Q";
    const std::vector<svg::Series> series{{"A&B", "#123456", {1, 2, 3}}, {"gap", "#654321", {1, std::nan(""), 3}}};
    const std::string line = svg::line_plot(f, series);
    CHECK(line.rfind("<svg class=\"plot\" viewBox=\"0 0 760 260\"", 0) == 0);
    CHECK(contains(line, "<title>t&lt;1&gt;</title>"));
    CHECK(contains(line, ">A&amp;B</text>"));  // legend
    CHECK(tag_balance_error(line).empty());
    svg::BoxData b{{30, 31}, {28, 29}, {33, 34}, {20, 21}, {36, 37}, {29, 30}};
    const std::string box = svg::quality_box_plot(f, b);
    CHECK(contains(box, "#d8efd6"));  // green band
    CHECK(contains(box, "#f7e6c4"));  // orange band
    CHECK(contains(box, "#f4d0cd"));  // red band
    CHECK(tag_balance_error(box).empty());
    CHECK(tag_balance_error(svg::bar_plot(f, {1, 0, 5}, "#000")).empty());
    CHECK(tag_balance_error(svg::area_plot(f, {1, 0, 5}, "#000")).empty());
    const std::string heat = svg::heat_table({{"AAAAA", 10, "10"}, {"<x>", 5, "5"}}, 8, "k");
    CHECK(contains(heat, "&lt;x&gt;: 5"));
    CHECK(tag_balance_error(heat).empty());
}

TEST_CASE("svg_plot: histogram_plot trims to the data and keeps x at the value", TEST_GROUP) {
    svg::PlotFrame f;
    f.x_start = 0.0;
    std::vector<double> lengths(151, 0.0);
    lengths[150] = 5000.0;
    const std::string one = svg::histogram_plot(f, lengths, "#000");
    CHECK(contains(one, ">150</text>"));  // the single length is labelled at its own value
    CHECK(contains(one, "<path d=\"M"));   // and drawn as a bar
    CHECK(contains(one, "text-anchor=\"middle\">145</text>"));  // widened to 145..155 for context
    CHECK_FALSE(contains(one, "text-anchor=\"middle\">0</text>"));  // not drawn from length 0
    CHECK(svg::histogram_plot(f, std::vector<double>(10, 0.0), "#000") == "<p class=\"note\">No data.</p>");
    std::vector<double> inserts(512, 0.0);
    for (int i = 200; i < 340; ++i) inserts[static_cast<std::size_t>(i)] = 10.0;
    const std::string area = svg::histogram_plot(f, inserts, "#000");
    CHECK(contains(area, ">260</text>"));
    CHECK_FALSE(contains(area, ">500</text>"));
    CHECK(tag_balance_error(area).empty());
}
