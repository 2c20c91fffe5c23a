// write_affiliation_tsv (affiliation.hpp). Interim writer of branch taxalign so the alignment method
// can be run from the command line; branch taxkmer owns this file (keep its version at merge).
#include "amplicon/affiliation.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <cstdio>

namespace plateau::amplicon {

namespace {

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string optional_number(const std::optional<double>& value) { return value ? fixed(*value, 2) : "NA"; }

}  // namespace

void write_affiliation_tsv(const AffiliationTable& table, const std::string& path) {
    std::string out = "## plateau-amplicon affiliation " + std::to_string(k_affiliation_tsv_version) + "\tmethod=" +
                      table.method + "\tranks=";
    for (std::size_t r = 0; r < table.rank_names.size(); ++r) out.append(r ? "," : "").append(table.rank_names[r]);
    out += "\n#query_id\ttaxonomy\tconfidence\tidentity\tquery_coverage\thits\n";
    for (const Affiliation& row : table.rows) {
        if (row.names.size() != table.rank_names.size()) {
            throw_input_error(path + ": '" + row.query_id + "' has " + std::to_string(row.names.size()) + " ranks, not " +
                              std::to_string(table.rank_names.size()));
        }
        out.append(row.query_id).push_back('\t');
        for (std::size_t r = 0; r < row.names.size(); ++r) out.append(r ? ";" : "").append(row.names[r]);
        out.push_back('\t');
        for (std::size_t r = 0; r < row.confidence.size(); ++r) out.append(r ? ";" : "").append(fixed(row.confidence[r], 4));
        if (row.confidence.empty()) out.append("NA");
        out.append("\t").append(optional_number(row.identity)).append("\t").append(optional_number(row.query_coverage));
        out.append("\t").append(row.hits ? std::to_string(*row.hits) : "NA").push_back('\n');
    }
    core::OutputFile file(path, core::OutputOptions{.sync = false});
    file.write(out);
    file.commit();
}

}  // namespace plateau::amplicon
