// The run report's JSON (schema in docs/amplicon-report.md) and the table step's part of it.
#include "amplicon/table_report.hpp"

#include "core/report/json.hpp"
#include "core/report/run_envelope.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace plateau::amplicon {
namespace {

using nlohmann::ordered_json;

std::uint64_t sample_total(const OtuTable& t, std::size_t s, bool kept_only, bool after_list) {
    std::uint64_t total = 0;
    for (const OtuRow& row : t.rows) {
        const auto& why = row.excluded_because;
        const bool listed = std::any_of(why.begin(), why.end(), [](const std::string& r) {
            return r != "min_abundance" && r != "min_sample_presence" && r != "nb_biggest_clusters";
        });
        if ((kept_only && !why.empty()) || (after_list && listed)) continue;
        total += row.counts[s];
    }
    return total;
}

// Histogram trimmed to its first non-zero length: {"min_length", "counts"}.
ordered_json length_json(const LengthDistribution& d) {
    std::size_t first = 0;
    while (first < d.counts.size() && d.counts[first] == 0) ++first;
    return {{"name", d.name},
            {"min_length", first},
            {"counts", std::vector<std::uint64_t>(d.counts.begin() + static_cast<std::ptrdiff_t>(first), d.counts.end())}};
}

// Clusters by total reads in bins 1, 2-3, 4-7, ... (powers of two).
ordered_json size_distribution(const std::vector<std::uint64_t>& sizes) {
    std::vector<std::uint64_t> n_clusters, n_reads;
    for (const std::uint64_t total : sizes) {
        if (total == 0) continue;
        std::size_t bin = 0;
        while (total >> (bin + 1)) ++bin;
        if (n_clusters.size() <= bin) { n_clusters.resize(bin + 1, 0); n_reads.resize(bin + 1, 0); }
        ++n_clusters[bin];
        n_reads[bin] += total;
    }
    ordered_json bins = ordered_json::array();
    for (std::size_t b = 0; b < n_clusters.size(); ++b) {
        bins.push_back({{"min_reads", 1ULL << b}, {"max_reads", (2ULL << b) - 1}, {"clusters", n_clusters[b]}, {"reads", n_reads[b]}});
    }
    return bins;
}

ordered_json top_clusters_json(const RunReport& r) {
    ordered_json out = ordered_json::object();
    for (std::size_t s = 0; s < r.samples.size(); ++s) {
        std::uint64_t total = 0;
        std::vector<std::size_t> order;
        for (std::size_t c = 0; c < r.clusters.size(); ++c) {
            total += r.clusters[c].counts[s];
            if (r.clusters[c].counts[s] > 0) order.push_back(c);
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return r.clusters[a].counts[s] > r.clusters[b].counts[s]; });
        if (order.size() > r.top_clusters) order.resize(r.top_clusters);
        ordered_json list = ordered_json::array();
        for (std::size_t c : order) {
            const std::uint64_t n = r.clusters[c].counts[s];
            list.push_back({{"name", r.clusters[c].name}, {"seed_id", r.clusters[c].seed_id}, {"reads", n},
                            {"fraction", static_cast<double>(n) / static_cast<double>(total)}});
        }
        out[r.samples[s]] = std::move(list);
    }
    return out;
}

}  // namespace

RunReport table_run_report(const OtuTable& t, const CountTable& counts, std::vector<std::uint64_t> read_lengths,
                           bool exclusion_list, std::size_t top_clusters) {
    RunReport r;
    r.samples = t.samples;
    r.top_clusters = top_clusters;
    FunnelStep derep{"dereplicated", {}}, clustered{"clustered", {}}, listed{"exclusion list", {}}, kept{"cluster filters", {}};
    for (std::size_t s = 0; s < t.samples.size(); ++s) {
        std::uint64_t total = 0;
        for (std::size_t row = 0; row < counts.ids.size(); ++row) total += counts.count(row, s);
        derep.reads.push_back(total);
        clustered.reads.push_back(total - t.unclustered_reads[s]);
        listed.reads.push_back(sample_total(t, s, false, true));
        kept.reads.push_back(sample_total(t, s, true, false));
    }
    r.funnel = {derep, clustered};
    if (exclusion_list) r.funnel.push_back(listed);
    r.funnel.push_back(kept);
    r.lengths.push_back({"dereplicated reads", std::move(read_lengths)});
    LengthDistribution seeds{"seeds of kept clusters", {}};
    std::map<std::string, std::uint64_t> reasons;
    for (const OtuRow& row : t.rows) {
        r.cluster_sizes.push_back(row.total);
        for (const std::string& why : row.excluded_because) ++reasons[why];
        if (!row.excluded_because.empty()) continue;
        if (seeds.counts.size() <= row.seed_sequence.size()) seeds.counts.resize(row.seed_sequence.size() + 1, 0);
        ++seeds.counts[row.seed_sequence.size()];
        r.clusters.push_back({row.name, row.seed_id, row.members.size(), row.counts});
    }
    r.lengths.push_back(std::move(seeds));
    r.clusters_before_filters = t.rows.size();
    r.excluded_by_reason.assign(reasons.begin(), reasons.end());
    return r;
}

std::string run_report_json(const RunReport& r, const std::string& command_line, double wall_seconds) {
    ordered_json j;
    j["samples"] = r.samples;
    ordered_json funnel = ordered_json::array();
    for (const FunnelStep& step : r.funnel) funnel.push_back({{"step", step.name}, {"reads", step.reads}});
    j["funnel"] = std::move(funnel);
    ordered_json lengths = ordered_json::array();
    for (const LengthDistribution& d : r.lengths) lengths.push_back(length_json(d));
    j["lengths"] = std::move(lengths);
    if (r.clusters_before_filters > 0 || !r.clusters.empty()) {
        ordered_json excluded = ordered_json::object();
        for (const auto& [reason, n] : r.excluded_by_reason) excluded[reason] = n;
        std::uint64_t reads = 0;
        for (const ReportCluster& c : r.clusters)
            for (std::uint64_t n : c.counts) reads += n;
        j["clusters"] = {{"before_filters", r.clusters_before_filters}, {"kept", r.clusters.size()}, {"kept_reads", reads},
                         {"excluded_by_reason", std::move(excluded)}, {"size_distribution", size_distribution(r.cluster_sizes)}};
        j["top_clusters"] = top_clusters_json(r);
    }
    nlohmann::json out = nlohmann::json::parse(j.dump());
    core::write_run_envelope(out, core::make_run_envelope("plateau-amplicon", k_run_report_schema, command_line, wall_seconds));
    // The envelope goes first in the file, then the sections in their order above.
    ordered_json ordered;
    ordered["command"] = out["command"];
    ordered["plateau"] = out["plateau"];
    for (auto it = j.begin(); it != j.end(); ++it) ordered[it.key()] = it.value();
    return ordered.dump(1) + "\n";
}

}  // namespace plateau::amplicon
