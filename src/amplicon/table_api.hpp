// plateau::amplicon — public API of the `table` step and of the run report (part of api.hpp).
//   table:  cluster composition (swarm -o or -u) + dereplicated FASTA + per-sample count table
//           (derep --counts) -> BIOM 1.0 JSON, FROGS' abundance.tsv layout, seed FASTA, cluster
//           composition, FROGS-style cluster filters with the excluded clusters and their reasons.
//   report: a JSON summary (run envelope) and a self-contained HTML page for a pipeline run, from
//           a RunReport that every step fills (table fills what it knows; `run` fills the rest).
#pragma once

#include "core/progress.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

// FROGS' cluster_filters: each filter is evaluated on the table after external exclusions and
// before the other filters; a cluster failing any of them is removed and listed with every reason.
struct ClusterFilters {
    std::uint64_t min_abundance_count = 0;  // --min-abundance N: total < N is excluded (0: off)
    double min_abundance_fraction = 0;      // --min-abundance F, 0 < F < 1: total < F x table total
    std::uint64_t min_sample_presence = 0;  // present (count > 0) in fewer samples: excluded (0: off)
    std::uint64_t keep_biggest = 0;         // --nb-biggest-clusters N: keep the N largest (0: off)
};

struct TableOptions {
    std::string clusters;   // swarm -o list (one cluster per line) or -u uclust; format detected
    std::string fasta;      // dereplicated FASTA (derep -o): seed sequences, amplicon lengths
    std::string counts;     // count table (derep --counts): #id, one column per sample
    std::vector<std::string> exclude;  // optional: "seed_id[<TAB>reason[<TAB>...]]" per line, clusters removed first
    std::string taxonomy;   // optional: affiliation TSV (affiliation.hpp) for the rows' taxonomy
    ClusterFilters filters;
    std::string row_prefix = "Cluster";  // observation names <prefix>_<i> (an ASV step would say "ASV")
    // Outputs (empty: not written; biom is required).
    std::string biom_out, tsv_out, seeds_out, composition_out, excluded_out, json_out, html_out;
    std::string date;  // BIOM "date"; empty: now (UTC); the CLI sets it from SOURCE_DATE_EPOCH
    std::string command_line;  // for the report's run envelope
    std::size_t top_clusters = 10;  // per sample, in the report
    core::ProgressMode progress = core::ProgressMode::automatic;
};

struct TableSummary {
    std::uint64_t samples = 0, clusters = 0, kept = 0, reads = 0, kept_reads = 0;
};

// One step of the read funnel: reads left per sample after the step (samples in RunReport order).
struct FunnelStep {
    std::string name;                  // "input pairs", "merged", "primers", "filter", "derep", ...
    std::vector<std::uint64_t> reads;  // one per sample
};

// A length histogram: counts[L] sequences (or reads) of length L.
struct LengthDistribution {
    std::string name;  // "dereplicated reads", "seeds kept"
    std::vector<std::uint64_t> counts;
};

// A cluster of the final table, for the report's top clusters and size distribution.
struct ReportCluster {
    std::string name, seed_id;
    std::uint64_t uniques = 0;
    std::vector<std::uint64_t> counts;  // per sample
};

// What a run report shows. Steps append funnel steps and length distributions; the table step
// sets clusters. Steps that did not run leave their parts empty and the report leaves them out.
struct RunReport {
    std::vector<std::string> samples;
    std::vector<FunnelStep> funnel;
    std::vector<LengthDistribution> lengths;
    std::vector<ReportCluster> clusters;  // kept clusters, in table order
    std::uint64_t clusters_before_filters = 0;
    std::vector<std::uint64_t> cluster_sizes;  // reads of every cluster before filters (size distribution)
    std::vector<std::pair<std::string, std::uint64_t>> excluded_by_reason;  // reason, clusters
    std::size_t top_clusters = 10;
};

void validate(const TableOptions& options);
TableSummary run_table(const TableOptions& options);

// The report's JSON (run envelope, schema version k_run_report_schema, documented in
// docs/amplicon-report.md) and its HTML page rendered from that JSON alone.
inline constexpr int k_run_report_schema = 1;
[[nodiscard]] std::string run_report_json(const RunReport& report, const std::string& command_line,
                                          double wall_seconds);
[[nodiscard]] std::string run_report_html(const std::string& report_json);

}  // namespace plateau::amplicon
