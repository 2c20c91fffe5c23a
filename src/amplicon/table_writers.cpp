#include "amplicon/table_writers.hpp"

#include "core/io/fastx_writer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace plateau::amplicon {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out.append(i ? separator : "").append(items[i]);
    return out;
}

bool has_taxonomy(const OtuTable& t) {
    return std::any_of(t.rows.begin(), t.rows.end(), [](const OtuRow& r) { return !r.taxonomy.empty(); });
}

// phyloseq's import_biom fails when rows have metadata but none has a taxonomy (FROGS#43), so
// every row carries one: ["Unassigned"] until an affiliation step fills it.
ordered_json row_metadata(const OtuRow& row, bool confidences, const std::string& method) {
    ordered_json m = ordered_json::object();
    m["comment"] = row.comment;
    m["seed_id"] = row.seed_id;
    ordered_json names = ordered_json::array();
    ordered_json values = ordered_json::array();
    for (const TaxonRank& rank : row.taxonomy) {
        names.push_back(rank.name);
        values.push_back(rank.confidence < 0 ? ordered_json(nullptr) : ordered_json(rank.confidence));
    }
    if (names.empty()) names.push_back("Unassigned");
    m["taxonomy"] = std::move(names);
    if (confidences) m["taxonomy_confidence"] = std::move(values);
    if (method == "align") {
        const auto number = [](const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); };
        m["perc_identity"] = number(row.identity);
        m["perc_query_coverage"] = number(row.query_coverage);
        m["hits"] = row.hits ? ordered_json(*row.hits) : ordered_json(nullptr);
    }
    return m;
}

std::string number_text(double value, const char* format) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// FROGS' biom_to_tsv taxonomy columns: rdp_tax_and_bootstrap ("name;(confidence);" per rank) for
// the k-mer methods; blast_taxonomy, blast_perc_identity, blast_perc_query_coverage and our
// blast_hits (references tied at the best score) for the alignment method. Missing: "no data".
std::string taxonomy_header(const OtuTable& t) {
    return t.taxonomy_method == "align" ? "\tblast_taxonomy\tblast_perc_identity\tblast_perc_query_coverage\tblast_hits"
                                        : "\trdp_tax_and_bootstrap";
}

std::string taxonomy_columns(const OtuTable& t, const OtuRow& row) {
    if (row.taxonomy.empty()) return t.taxonomy_method == "align" ? "\tno data\tno data\tno data\tno data" : "\tno data";
    std::string out = "\t";
    for (std::size_t i = 0; i < row.taxonomy.size(); ++i) {
        const TaxonRank& rank = row.taxonomy[i];
        if (t.taxonomy_method == "align") {
            out.append(i ? ";" : "").append(rank.name);
        } else {
            out.append(rank.name).append(";(");
            out.append(rank.confidence < 0 ? "no data" : number_text(rank.confidence, "%.4f")).append(");");
        }
    }
    if (t.taxonomy_method != "align") return out;
    const auto percent = [](const std::optional<double>& v) { return v ? number_text(*v, "%.2f") : std::string("no data"); };
    out.append("\t").append(percent(row.identity)).append("\t").append(percent(row.query_coverage));
    return out.append("\t").append(row.hits ? std::to_string(*row.hits) : "no data");
}

}  // namespace

std::string format_biom(const OtuTable& table, const std::string& date, const std::string& generated_by) {
    const bool taxonomy = has_taxonomy(table);
    ordered_json rows = ordered_json::array();
    ordered_json data = ordered_json::array();
    std::size_t r = 0;
    for (const OtuRow& row : table.rows) {
        if (!row.excluded_because.empty()) continue;
        rows.push_back({{"id", row.name}, {"metadata", row_metadata(row, taxonomy, table.taxonomy_method)}});
        for (std::size_t s = 0; s < row.counts.size(); ++s) {
            if (row.counts[s] > 0) data.push_back({r, s, row.counts[s]});
        }
        ++r;
    }
    ordered_json columns = ordered_json::array();
    for (const std::string& s : table.samples) columns.push_back({{"id", s}, {"metadata", nullptr}});
    ordered_json biom = {{"id", nullptr},
                         {"format", "Biological Observation Matrix 1.0.0"},
                         {"format_url", "http://biom-format.org"},
                         {"type", "OTU table"},
                         {"generated_by", generated_by},
                         {"date", date},
                         {"rows", std::move(rows)},
                         {"columns", std::move(columns)},
                         {"matrix_type", "sparse"},
                         {"matrix_element_type", "int"},
                         {"shape", {r, table.samples.size()}},
                         {"data", std::move(data)}};
    return biom.dump() + "\n";
}

std::string format_abundance_tsv(const OtuTable& table) {
    const bool taxonomy = has_taxonomy(table);
    std::string out = "#comment";
    if (taxonomy) out += taxonomy_header(table);
    out += "\tseed_id\tseed_sequence\tobservation_name\tobservation_sum";
    for (const std::string& s : table.samples) out.append("\t").append(s);
    out.push_back('\n');
    for (const OtuRow& row : table.rows) {
        if (!row.excluded_because.empty()) continue;
        out.append(row.comment.empty() ? "no data" : join(row.comment, ";"));
        if (taxonomy) out.append(taxonomy_columns(table, row));
        out.append("\t").append(row.seed_id).append("\t").append(row.seed_sequence);
        out.append("\t").append(row.name).append("\t").append(std::to_string(row.total));
        for (std::uint64_t n : row.counts) out.append("\t").append(std::to_string(n));
        out.push_back('\n');
    }
    return out;
}

std::string format_seed_fasta(const OtuTable& table) {
    std::string out;
    for (const OtuRow& row : table.rows) {
        if (row.excluded_because.empty()) core::append_fasta(out, row.name, row.seed_sequence, 0);
    }
    return out;
}

std::string format_composition(const OtuTable& table) {
    std::string out;
    for (const OtuRow& row : table.rows) out.append(join(row.members, " ")).push_back('\n');
    return out;
}

std::string format_excluded(const OtuTable& table) {
    std::string out = "#observation_name\tseed_id\tobservation_sum\tsample_presence\treasons\n";
    for (const OtuRow& row : table.rows) {
        if (row.excluded_because.empty()) continue;
        const auto present = std::count_if(row.counts.begin(), row.counts.end(), [](std::uint64_t n) { return n > 0; });
        out.append(row.name).append("\t").append(row.seed_id).append("\t").append(std::to_string(row.total));
        out.append("\t").append(std::to_string(present)).append("\t").append(join(row.excluded_because, ",")).push_back('\n');
    }
    return out;
}

}  // namespace plateau::amplicon
