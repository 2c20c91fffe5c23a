// The run report: JSON built from a RunReport (bins and top clusters against direct statements),
// the run envelope, and an HTML page that loads nothing from anywhere.
#include "amplicon/api.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>
#include <regex>

using namespace plateau::amplicon;

TEST_CASE("run report: size bins, top clusters and envelope follow their definitions", "[amplicon][report]") {
    std::mt19937 rng(GENERATE(1U, 2U));
    RunReport r;
    r.samples = {"a", "b", "c"};
    r.top_clusters = 4;
    r.funnel = {{"merged", {100, 200, 300}}, {"dereplicated", {90, 180, 0}}};
    std::uniform_int_distribution<int> count(0, 70);
    for (int i = 0; i < 30; ++i) {
        ReportCluster c{"Cluster_" + std::to_string(i + 1), "seed" + std::to_string(i), 1, {}};
        for (int s = 0; s < 3; ++s) c.counts.push_back(static_cast<std::uint64_t>(count(rng)) * (s == 2 ? 0 : 1));
        r.cluster_sizes.push_back(c.counts[0] + c.counts[1] + c.counts[2]);
        r.clusters.push_back(c);
    }
    r.clusters_before_filters = 30;
    const auto j = nlohmann::json::parse(run_report_json(r, "plateau-amplicon table x", 1.5));
    CHECK(j["plateau"]["schema_version"] == k_run_report_schema);
    CHECK(j["plateau"]["tool"] == "plateau-amplicon");
    CHECK(j["command"] == "plateau-amplicon table x");
    CHECK(j["funnel"][1]["reads"] == nlohmann::json({90, 180, 0}));
    std::uint64_t binned = 0;
    for (const auto& bin : j["clusters"]["size_distribution"]) {
        const auto lo = bin["min_reads"].get<std::uint64_t>(), hi = bin["max_reads"].get<std::uint64_t>();
        std::uint64_t n = 0;
        for (auto size : r.cluster_sizes) n += size >= lo && size <= hi ? 1 : 0;
        CHECK(bin["clusters"] == n);
        binned += n;
    }
    std::uint64_t nonzero = 0;
    for (auto size : r.cluster_sizes) nonzero += size > 0 ? 1 : 0;
    CHECK(binned == nonzero);
    for (std::size_t s = 0; s < 3; ++s) {
        const auto& top = j["top_clusters"][r.samples[s]];
        std::vector<std::uint64_t> counts;
        for (const auto& c : r.clusters) if (c.counts[s] > 0) counts.push_back(c.counts[s]);
        std::sort(counts.rbegin(), counts.rend());
        REQUIRE(top.size() == std::min<std::size_t>(4, counts.size()));
        for (std::size_t k = 0; k < top.size(); ++k) CHECK(top[k]["reads"] == counts[k]);
    }
    const std::string html = run_report_html(j.dump());
    CHECK_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?(https?:)?//)", std::regex::icase)));
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("Cluster_") != std::string::npos);
}
