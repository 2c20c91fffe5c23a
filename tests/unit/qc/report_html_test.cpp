#include "qc/report_html.hpp"
#include "support/markup.hpp"
#include "support/temp_dir.hpp"

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
using plateau::test::contains;
using plateau::test::tag_balance_error;

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


void check_well_formed(const std::string& html) {
    INFO(tag_balance_error(html));
    CHECK(tag_balance_error(html).empty());
    if (!std::filesystem::exists("/usr/bin/xmllint")) return;
    plateau::test::TempDir dir;
    const std::filesystem::path path = dir.file("report.html");
    {
        std::ofstream out(path, std::ios::binary);
        out << html;
        REQUIRE(out.good());
    }
    const std::string cmd = "/usr/bin/xmllint --noout --nonet '" + path.string() + "'";
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
