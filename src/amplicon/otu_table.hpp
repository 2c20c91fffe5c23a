// The abundance table of the `table` step: one row per cluster (or ASV), the per-sample sums of
// its members' counts, and the metadata the writers put in the BIOM rows and the TSV columns.
// Taxonomy (a later step) fills OtuRow::taxonomy; an ASV step builds rows with one member each.
#pragma once

#include "amplicon/affiliation.hpp"
#include "amplicon/cluster_file.hpp"
#include "amplicon/count_table.hpp"
#include "amplicon/table_api.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct TaxonRank {
    std::string name;         // "Bacteria", "Firmicutes", ...
    double confidence = -1;   // bootstrap confidence in [0, 1]; < 0: none (BLAST-style affiliation)
};

struct OtuRow {
    std::string name;                    // Cluster_<i>, numbered in cluster-file order from 1
    std::string seed_id;                 // seed header without its abundance annotation
    std::string seed_sequence;           // from the dereplicated FASTA
    std::vector<std::string> comment;    // FROGS' "comment" list ("FROGS_combined")
    std::vector<TaxonRank> taxonomy;     // empty until an affiliation step fills it
    std::vector<std::string> members;    // member headers as in the cluster file, seed first
    std::vector<std::uint64_t> counts;   // per sample
    std::uint64_t total = 0;
    std::vector<std::string> excluded_because;  // empty: kept
    // Alignment affiliation (table --taxonomy from the align method): percent of the best hit
    // and the number of references tied at the best score.
    std::optional<double> identity, query_coverage;
    std::optional<std::size_t> hits;
};

struct OtuTable {
    std::vector<std::string> samples;
    std::vector<OtuRow> rows;  // every cluster, in cluster-file order (excluded ones flagged)
    std::vector<std::uint64_t> unclustered_reads;  // per sample: count-table reads in no cluster
    std::string taxonomy_method;  // "sintax", "rdp" or "align" once apply_affiliations ran
};

// Sums the count-table rows of every cluster's members. Throws ErrorCode::InvalidInput naming the
// cluster file and line: a member missing from the count table, a member in two clusters, a
// member whose annotated abundance differs from its count-table total.
[[nodiscard]] OtuTable aggregate_clusters(std::vector<ParsedCluster> clusters, const CountTable& counts,
                                          const std::string& clusters_path, const std::string& counts_path,
                                          const std::string& row_prefix);

// Marks the rows named in an exclusion file ("seed_id or Cluster name[<TAB>reason]" per line;
// reason "excluded" when absent; further columns are ignored, so affiliation-filter's impacted.tsv
// is one). Unknown names are an error naming the file and line.
void apply_exclusion_file(OtuTable& table, const std::string& path);

// Fills every row's taxonomy from an affiliation TSV (affiliation.hpp) whose query ids are the
// rows' names (Cluster_<i>, as `table --seeds` writes them) or their seed ids. Throws
// ErrorCode::InvalidInput naming the file: an id that names no row, two affiliations for one
// row, a kept row without an affiliation.
void apply_affiliations(OtuTable& table, const AffiliationTable& affiliations, const std::string& path);  // table_taxonomy.cpp

// FROGS' cluster_filters on the rows not yet excluded: each filter sees the same rows; reasons
// "min_abundance", "min_sample_presence", "nb_biggest_clusters".
void apply_cluster_filters(OtuTable& table, const ClusterFilters& filters);

}  // namespace plateau::amplicon
