#include "core/report/svg_plot.hpp"
#include "support/markup.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#define TEST_GROUP "[core][report]"

namespace svg = plateau::core::svg;
using plateau::test::contains;
using plateau::test::tag_balance_error;

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
