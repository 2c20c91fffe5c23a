// Writing the affiliation TSV (format in affiliation.hpp).
#include "amplicon/affiliation.hpp"
#include "amplicon/affiliation_tsv_format.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <cstdio>

namespace plateau::amplicon {
namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void check_row(const AffiliationTable& table, const Affiliation& a, const std::string& path) {
    const std::size_t ranks = table.rank_names.size();
    if (a.query_id.empty() || a.query_id.find_first_of("\t\n") != std::string::npos)
        throw Error(ErrorCode::Internal, path + ": query id empty or with a tab/newline");
    if (a.names.size() != ranks || (!a.confidence.empty() && a.confidence.size() != ranks))
        throw Error(ErrorCode::Internal, path + ": row " + a.query_id + " does not have one value per rank");
    for (const std::string& n : a.names) {
        if (n.find_first_of(";\t\n") != std::string::npos)
            throw_input_error(path + ": taxon name '" + n + "' (query " + a.query_id + ") holds ';', a tab or a newline");
    }
}

}  // namespace

std::string affiliation_tsv_header(const std::string& method, const std::vector<std::string>& rank_names) {
    std::string text = "## plateau-amplicon affiliation " + std::to_string(k_affiliation_tsv_version) +
                       "\tmethod=" + method + "\tranks=";
    for (std::size_t k = 0; k < rank_names.size(); ++k) text += (k ? "," : "") + rank_names[k];
    return text + "\n#query_id\ttaxonomy\tconfidence\tidentity\tquery_coverage\thits\n";
}

void append_affiliation_row(std::string& text, const AffiliationTable& table, const Affiliation& a, const std::string& path) {
    check_row(table, a, path);
    text += a.query_id;
    text += '\t';
    for (std::size_t k = 0; k < a.names.size(); ++k) text += (k ? ";" : "") + a.names[k];
    text += '\t';
    if (a.confidence.empty()) text += "NA";
    for (std::size_t k = 0; k < a.confidence.size(); ++k) text += (k ? ";" : "") + fixed(a.confidence[k], 4);
    text += '\t' + (a.identity ? fixed(*a.identity, 2) : std::string("NA"));
    text += '\t' + (a.query_coverage ? fixed(*a.query_coverage, 2) : std::string("NA"));
    text += '\t' + (a.hits ? std::to_string(*a.hits) : std::string("NA"));
    text += '\n';
}

void write_affiliation_tsv(const AffiliationTable& table, const std::string& path) {
    std::string text = affiliation_tsv_header(table.method, table.rank_names);
    core::OutputFile out(path, {.sync = false});
    for (const Affiliation& a : table.rows) {
        append_affiliation_row(text, table, a, path);
        if (text.size() >= (1U << 20)) {
            out.write(text);
            text.clear();
        }
    }
    out.write(text);
    out.commit();
}

}  // namespace plateau::amplicon
