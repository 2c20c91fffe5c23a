// apply_affiliations (otu_table.hpp): the affiliation TSV's rows onto the table's rows.
#include "amplicon/otu_table.hpp"

#include "core/error.hpp"

#include <unordered_map>

namespace plateau::amplicon {

void apply_affiliations(OtuTable& table, const AffiliationTable& affiliations, const std::string& path) {
    std::unordered_map<std::string, std::size_t> row_of;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        row_of.emplace(table.rows[i].name, i);
        row_of.emplace(table.rows[i].seed_id, i);
    }
    std::vector<const Affiliation*> found(table.rows.size(), nullptr);
    for (const Affiliation& a : affiliations.rows) {
        const auto it = row_of.find(a.query_id);
        if (it == row_of.end()) {
            throw_input_error(path + ": '" + a.query_id + "' names no row of the table (neither a " + "cluster name nor a seed id)");
        }
        if (found[it->second] != nullptr) {
            throw_input_error(path + ": '" + a.query_id + "' and '" + found[it->second]->query_id + "' both affiliate " +
                              table.rows[it->second].name);
        }
        found[it->second] = &a;
    }
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        OtuRow& row = table.rows[i];
        const Affiliation* a = found[i];
        if (a == nullptr) {
            if (row.excluded_because.empty()) {
                throw_input_error(path + ": no affiliation for " + row.name + " (seed '" + row.seed_id + "')");
            }
            continue;
        }
        row.taxonomy.clear();
        for (std::size_t r = 0; r < a->names.size(); ++r) {
            row.taxonomy.push_back({a->names[r], a->confidence.empty() ? -1.0 : a->confidence[r]});
        }
        row.identity = a->identity;
        row.query_coverage = a->query_coverage;
        row.hits = a->hits;
    }
    table.taxonomy_method = affiliations.method;
}

}  // namespace plateau::amplicon
