#include "amplicon/otu_table.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <unordered_map>

namespace plateau::amplicon {

namespace {
constexpr std::uint32_t k_unassigned = 0xffffffffU;
}  // namespace

OtuTable aggregate_clusters(std::vector<ParsedCluster> clusters, const CountTable& counts,
                            const std::string& clusters_path, const std::string& counts_path,
                            const std::string& row_prefix) {
    const std::size_t n_samples = counts.samples.size();
    OtuTable table;
    table.samples = counts.samples;
    std::vector<std::uint32_t> cluster_of(counts.ids.size(), k_unassigned);
    table.rows.reserve(clusters.size());
    for (std::size_t c = 0; c < clusters.size(); ++c) {
        ParsedCluster& parsed = clusters[c];
        OtuRow row;
        row.counts.assign(n_samples, 0);
        for (std::size_t m = 0; m < parsed.members.size(); ++m) {
            const std::string& header = parsed.members[m];
            const auto where = [&] { return clusters_path + ": line " + std::to_string(parsed.lines[m]); };
            auto it = counts.row_of.find(amplicon_id(header));
            if (it == counts.row_of.end()) it = counts.row_of.find(header);
            if (it == counts.row_of.end()) {
                throw_input_error(where() + ": amplicon '" + header + "' is not in the count table " + counts_path);
            }
            const std::uint32_t r = it->second;
            if (cluster_of[r] != k_unassigned) {
                throw_input_error(where() + ": amplicon '" + header + "' is already in cluster " +
                                  std::to_string(cluster_of[r] + 1));
            }
            cluster_of[r] = static_cast<std::uint32_t>(c);
            const std::uint64_t annotated = annotated_abundance(header);
            const std::uint64_t total = counts.row_total(r);
            if (annotated != 0 && annotated != total) {
                throw_input_error(where() + ": amplicon '" + header + "' has abundance " + std::to_string(annotated) +
                                  " but " + std::to_string(total) + " reads in the count table " + counts_path);
            }
            for (std::size_t s = 0; s < n_samples; ++s) row.counts[s] += counts.count(r, s);
            row.total += total;
            if (m == 0) row.seed_id = counts.ids[r];
        }
        const bool combined = parsed.members.front().find("FROGS_combined") != std::string::npos;
        row.name = row_prefix + "_" + std::to_string(c + 1) + (combined ? "_FROGS_combined" : "");
        if (combined) row.comment.emplace_back("FROGS_combined");
        row.members = std::move(parsed.members);
        table.rows.push_back(std::move(row));
    }
    table.unclustered_reads.assign(n_samples, 0);
    for (std::size_t r = 0; r < counts.ids.size(); ++r) {
        if (cluster_of[r] != k_unassigned) continue;
        for (std::size_t s = 0; s < n_samples; ++s) table.unclustered_reads[s] += counts.count(r, s);
    }
    return table;
}

void apply_exclusion_file(OtuTable& table, const std::string& path) {
    std::unordered_map<std::string, std::size_t> row_of;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        row_of.emplace(table.rows[i].name, i);
        row_of.emplace(table.rows[i].seed_id, i);
    }
    std::ifstream in(path);
    if (!in) throw_input_error(path + ": cannot open the exclusion list");
    std::string line;
    for (std::uint64_t n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::size_t tab = line.find('\t');
        const std::string name = line.substr(0, tab);
        std::string reason = tab == std::string::npos ? "excluded" : line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
        if (reason.empty()) reason = "excluded";
        const auto it = row_of.find(name);
        if (it == row_of.end()) {
            throw_input_error(path + ": line " + std::to_string(n) + ": '" + name + "' names no cluster or seed");
        }
        auto& reasons = table.rows[it->second].excluded_because;
        if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) reasons.push_back(reason);
    }
    if (in.bad()) throw_io_error(path + ": read error");
}

void apply_cluster_filters(OtuTable& table, const ClusterFilters& f) {
    std::vector<std::size_t> candidates;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        if (!table.rows[i].excluded_because.empty()) continue;
        candidates.push_back(i);
        total += table.rows[i].total;
    }
    std::vector<std::vector<std::string>> reasons(table.rows.size());
    for (std::size_t i : candidates) {
        const OtuRow& row = table.rows[i];
        // FROGS compares the total with count x fraction as floating point: total < fraction x all.
        if ((f.min_abundance_count > 0 && row.total < f.min_abundance_count) ||
            (f.min_abundance_fraction > 0 && static_cast<double>(row.total) < f.min_abundance_fraction * static_cast<double>(total))) {
            reasons[i].emplace_back("min_abundance");
        }
        const auto present = static_cast<std::uint64_t>(
            std::count_if(row.counts.begin(), row.counts.end(), [](std::uint64_t n) { return n > 0; }));
        if (f.min_sample_presence > 0 && present < f.min_sample_presence) reasons[i].emplace_back("min_sample_presence");
    }
    if (f.keep_biggest > 0 && candidates.size() > f.keep_biggest) {
        std::vector<std::size_t> order = candidates;  // stable: ties keep table order, as Python's sorted
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return table.rows[a].total > table.rows[b].total; });
        for (std::size_t k = f.keep_biggest; k < order.size(); ++k) reasons[order[k]].emplace_back("nb_biggest_clusters");
    }
    for (std::size_t i : candidates) table.rows[i].excluded_because = std::move(reasons[i]);
}

}  // namespace plateau::amplicon
