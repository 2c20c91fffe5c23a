// plateau-amplicon affiliation-filter: FROGS' affiliation_filters on an affiliation TSV
// (affiliation.hpp). A row fails when its identity or query coverage is below the minimum (a row
// without a hit fails these too), when its confidence at a named rank is below the minimum, or
// when its ';'-joined taxonomy matches an excluded pattern (ECMAScript regular expression
// searched anywhere, as FROGS' --ignore-blast-taxa). Failing rows are masked (every rank
// emptied, the numbers kept) or deleted; impacted.tsv lists them:
//   #query_id	reasons	status	taxonomy
// where reasons are comma-joined (identity_lt_<v>, coverage_lt_<v>, <rank>_confidence_lt_<v>,
// excluded_taxon_<pattern>, no_hit), status is masked or deleted and taxonomy is the original.
// Its first two columns make it an exclusion list for `table --exclude` (delete mode).
#pragma once

#include "amplicon/affiliation.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct RankConfidence {
    std::string rank;
    double minimum = 0;  // in [0, 1]
};

struct AffiliationFilterOptions {
    std::string input, output, impacted;
    double min_identity = 0, min_coverage = 0;   // percent; 0: off
    std::vector<RankConfidence> min_confidence;  // per rank
    std::vector<std::string> exclude_taxa;       // patterns
    bool remove = false;                         // delete failing rows (default: mask them)
};
void validate(const AffiliationFilterOptions& options);

struct AffiliationFilterSummary {
    std::size_t rows = 0, impacted = 0;
};

// Filters a table in memory: returns the impacted.tsv text.
[[nodiscard]] std::string filter_affiliations(AffiliationTable& table, const AffiliationFilterOptions& options);
// Reads input, writes output and impacted together (nothing written on an error).
AffiliationFilterSummary run_affiliation_filter(const AffiliationFilterOptions& options);

}  // namespace plateau::amplicon
