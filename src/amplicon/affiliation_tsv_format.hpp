// The affiliation TSV (affiliation.hpp) line by line, for writers that stream their rows.
#pragma once

#include "amplicon/affiliation.hpp"

#include <string>
#include <vector>

namespace plateau::amplicon {

// The two header lines.
[[nodiscard]] std::string affiliation_tsv_header(const std::string& method, const std::vector<std::string>& rank_names);
// Appends one row; `table` gives the ranks (its rows are not read). Throws on a malformed row.
void append_affiliation_row(std::string& text, const AffiliationTable& table, const Affiliation& row,
                            const std::string& path);

}  // namespace plateau::amplicon
