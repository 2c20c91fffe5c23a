// plateau::amplicon taxonomy reference database: FASTA with taxonomy in the headers, parsed into a
// TaxonomyReference (affiliation.hpp), checked, and written as a versioned binary index that
// `taxonomy` memory-maps (taxonomy_index.hpp).
//
// Header layouts (detected per file from the first record, then required of every record):
//   sintax  >ID;tax=d:Bacteria,p:Firmicutes,...,g:Bacillus;   (vsearch --sintax; letters dkpcofgs)
//   dada2   >Bacteria;Firmicutes;Bacilli;...;Bacillus;        (assignTaxonomy; ids ref_1, ref_2, ...)
//   rdp     >ID Root;Bacteria;Firmicutes;...                  (RDP trainer; a leading "Root" dropped)
//   gold    >ID<TAB>...<TAB>Bacteria; Firmicutes; ...; Bacillus  (last tab field, microbiomeutil gold set)
// Checks: every record has a lineage; a lineage may stop early (lower ranks absent) but may not skip
// a rank; a name is under one parent (the name one rank above) everywhere; ids are unique; the
// database is not empty. Sequences: letters upper-cased, U -> T, anything but IUPAC codes refused.
#pragma once

#include "amplicon/affiliation.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace plateau::amplicon {

enum class TaxonomyLayout { automatic, sintax, dada2, rdp, gold };

struct TaxonomyParseOptions {
    TaxonomyLayout layout = TaxonomyLayout::automatic;
    std::vector<std::string> rank_names;  // empty: the layout's defaults
    bool allow_conflicts = false;         // keep names under two parents (reported, not an error)
};

struct TaxonomyConflict {
    std::size_t rank = 0;
    std::string name, first_parent, second_parent, first_id, second_id;
};

struct ParsedTaxonomy {
    TaxonomyReference reference;
    std::vector<std::string> masked;          // per reference: sequence as written (case kept) for SINTAX masking
    std::vector<TaxonomyConflict> conflicts;  // filled when allow_conflicts
    TaxonomyLayout layout = TaxonomyLayout::automatic;
};

[[nodiscard]] const char* layout_name(TaxonomyLayout layout);
[[nodiscard]] TaxonomyLayout parse_layout_name(const std::string& name);  // throws Usage

// Parses one header (without '>') in `layout`; returns the id (dada2: empty) and fills `names`
// (one per rank found, top first). Throws InvalidInput with `where` in the message.
std::string parse_taxonomy_header(const std::string& header, TaxonomyLayout layout, std::vector<std::string>& names,
                                  const std::string& where);
[[nodiscard]] TaxonomyLayout detect_layout(const std::string& header);

// Reads and checks a reference FASTA (plain or gzip). Throws InvalidInput naming file and record.
[[nodiscard]] ParsedTaxonomy parse_taxonomy_fasta(const std::string& path, const TaxonomyParseOptions& options);

// The rank checks on lineages already split (exposed for unit tests): fills conflicts when
// allowed, otherwise throws on the first.
void check_lineages(const TaxonomyReference& reference, bool allow_conflicts, std::vector<TaxonomyConflict>& conflicts,
                    const std::string& file);

}  // namespace plateau::amplicon
