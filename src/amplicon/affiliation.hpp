// Affiliation: the contract between the `db`, `taxonomy`, `denoise` and `table` steps.
//
// TaxonomyReference is a reference database in memory (what `db` indexes and every method reads).
// AffiliationTable is what `taxonomy` writes and `table --taxonomy` / the affiliation filters read,
// as a TSV (format version k_affiliation_tsv_version):
//
//   ## plateau-amplicon affiliation 1	method=<sintax|rdp|align>	ranks=<r1>,<r2>,...
//   #query_id	taxonomy	confidence	identity	query_coverage	hits
//   Cluster_1	Bacteria;Firmicutes;;;;	1.0000;0.9800;0.4100;0.3000;0.2000;0.1000	NA	NA	NA
//
// - taxonomy: exactly one field per rank, ';'-joined; a rank not called (below the cutoff, or no
//   hit) is empty; the alignment method writes "Multi-affiliation" at the first rank where tied
//   best hits disagree and at every rank below it.
// - confidence: one value per rank in [0, 1], 4 decimals (bootstrap support, also below the
//   cutoff), or NA for methods without one.
// - identity, query_coverage: percent, 2 decimals, of the best alignment (NA for k-mer methods).
// - hits: references tied at the best alignment score (0: no hit; NA for k-mer methods).
// Rows are in query order; query ids are unique.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace plateau::amplicon {

inline constexpr int k_affiliation_tsv_version = 1;
inline constexpr const char* k_multi_affiliation = "Multi-affiliation";

struct TaxonomyReference {
    std::vector<std::string> rank_names;              // top rank first ("domain", ..., "genus")
    std::vector<std::string> ids;                     // reference ids, unique
    std::vector<std::string> sequences;               // upper-case nucleotides
    std::vector<std::vector<std::string>> lineages;   // per reference, one name per rank ("" absent)
};

struct Affiliation {
    std::string query_id;
    std::vector<std::string> names;          // one per rank; "" not called
    std::vector<double> confidence;          // one per rank, or empty (method without confidences)
    std::optional<double> identity;          // percent; alignment method only
    std::optional<double> query_coverage;    // percent; alignment method only
    std::optional<std::size_t> hits;         // references tied at the best score; alignment only
};

struct AffiliationTable {
    std::string method;                    // "sintax", "rdp" or "align"
    std::vector<std::string> rank_names;   // the database's ranks, top first
    std::vector<Affiliation> rows;         // query order
};

// Writes through core/io/output_file (temporary name, renamed when complete). Throws plateau::Error.
void write_affiliation_tsv(const AffiliationTable& table, const std::string& path);  // affiliation_tsv_write.cpp
// Reads and checks the format above; a malformed line is an error naming the file and line.
[[nodiscard]] AffiliationTable read_affiliation_tsv(const std::string& path);  // affiliation_tsv_read.cpp

}  // namespace plateau::amplicon
