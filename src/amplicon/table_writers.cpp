#include "amplicon/table_writers.hpp"

#include "core/io/fastx_writer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

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
ordered_json row_metadata(const OtuRow& row, bool confidences) {
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
    return m;
}

std::string taxonomy_text(const OtuRow& row) {
    if (row.taxonomy.empty()) return "no data";
    std::string out;
    for (std::size_t i = 0; i < row.taxonomy.size(); ++i) out.append(i ? ";" : "").append(row.taxonomy[i].name);
    return out;
}

}  // namespace

std::string format_biom(const OtuTable& table, const std::string& date, const std::string& generated_by) {
    const bool taxonomy = has_taxonomy(table);
    ordered_json rows = ordered_json::array();
    ordered_json data = ordered_json::array();
    std::size_t r = 0;
    for (const OtuRow& row : table.rows) {
        if (!row.excluded_because.empty()) continue;
        rows.push_back({{"id", row.name}, {"metadata", row_metadata(row, taxonomy)}});
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
    std::string out = "#comment\tseed_id\tseed_sequence";
    if (taxonomy) out += "\ttaxonomy";
    out += "\tobservation_name\tobservation_sum";
    for (const std::string& s : table.samples) out.append("\t").append(s);
    out.push_back('\n');
    for (const OtuRow& row : table.rows) {
        if (!row.excluded_because.empty()) continue;
        out.append(row.comment.empty() ? "no data" : join(row.comment, ";"));
        out.append("\t").append(row.seed_id).append("\t").append(row.seed_sequence);
        if (taxonomy) out.append("\t").append(taxonomy_text(row));
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
