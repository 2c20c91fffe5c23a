// The files of the `table` step, each from an OtuTable: BIOM 1.0 JSON, FROGS' abundance.tsv
// layout, seed FASTA, cluster composition and the excluded clusters with their reasons.
#pragma once

#include "amplicon/otu_table.hpp"

#include <string>

namespace plateau::amplicon {

// BIOM 1.0 (biom-format.org/documentation/format_versions/biom-1.0.html): sparse int matrix of the
// kept rows; row metadata seed_id, comment (FROGS' keys), taxonomy (rank names, the key phyloseq
// and biom-format read; ["Unassigned"] while empty) and, once filled, taxonomy_confidence (null
// for a rank without one), and for the align method perc_identity, perc_query_coverage, hits;
// column metadata null.
[[nodiscard]] std::string format_biom(const OtuTable& table, const std::string& date, const std::string& generated_by);
// FROGS biom_to_tsv with the seed FASTA: "#comment [taxonomy columns] seed_id seed_sequence
// observation_name observation_sum <samples>"; an empty list is "no data". Taxonomy columns:
// rdp_tax_and_bootstrap (sintax, rdp) or blast_taxonomy, blast_perc_identity,
// blast_perc_query_coverage, blast_hits (align).
[[nodiscard]] std::string format_abundance_tsv(const OtuTable& table);
// ">Cluster_<i>" and the seed sequence on one line, kept rows in table order (FROGS' seeds).
[[nodiscard]] std::string format_seed_fasta(const OtuTable& table);
// Every cluster's member headers, space-separated, line i = Cluster_i (FROGS' swarms_composition).
[[nodiscard]] std::string format_composition(const OtuTable& table);
// "#observation_name seed_id observation_sum sample_presence reasons" for each excluded row.
[[nodiscard]] std::string format_excluded(const OtuTable& table);

}  // namespace plateau::amplicon
