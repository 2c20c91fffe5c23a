#include "amplicon/affiliation_filter.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <algorithm>
#include <cstdio>
#include <regex>

namespace plateau::amplicon {

namespace {

std::string short_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out.append(i ? ";" : "").append(names[i]);
    return out;
}

struct CompiledFilters {
    std::vector<std::size_t> confidence_rank;  // index of each min_confidence rank
    std::vector<std::regex> patterns;
};

CompiledFilters compile(const AffiliationTable& table, const AffiliationFilterOptions& o, const std::string& path) {
    CompiledFilters c;
    for (const RankConfidence& rc : o.min_confidence) {
        const auto it = std::find(table.rank_names.begin(), table.rank_names.end(), rc.rank);
        if (it == table.rank_names.end()) throw_input_error(path + ": no rank '" + rc.rank + "' (ranks: " + joined(table.rank_names) + ")");
        if (table.method == "align") throw_input_error(path + ": method align has no confidences (--min-confidence)");
        c.confidence_rank.push_back(static_cast<std::size_t>(it - table.rank_names.begin()));
    }
    for (const std::string& p : o.exclude_taxa) c.patterns.emplace_back(p, std::regex::ECMAScript);
    return c;
}

std::vector<std::string> failures(const Affiliation& row, const AffiliationFilterOptions& o, const CompiledFilters& c) {
    std::vector<std::string> why;
    const bool alignment_filters = o.min_identity > 0 || o.min_coverage > 0;
    if (alignment_filters && (!row.identity || !row.query_coverage)) why.emplace_back("no_hit");
    if (o.min_identity > 0 && row.identity && *row.identity < o.min_identity) why.push_back("identity_lt_" + short_number(o.min_identity));
    if (o.min_coverage > 0 && row.query_coverage && *row.query_coverage < o.min_coverage) {
        why.push_back("coverage_lt_" + short_number(o.min_coverage));
    }
    for (std::size_t i = 0; i < o.min_confidence.size(); ++i) {
        const std::size_t rank = c.confidence_rank[i];
        if (!row.confidence.empty() && row.confidence[rank] < o.min_confidence[i].minimum) {
            why.push_back(o.min_confidence[i].rank + "_confidence_lt_" + short_number(o.min_confidence[i].minimum));
        }
    }
    const std::string taxonomy = joined(row.names);
    for (std::size_t i = 0; i < c.patterns.size(); ++i) {
        if (std::regex_search(taxonomy, c.patterns[i])) why.push_back("excluded_taxon_" + o.exclude_taxa[i]);
    }
    return why;
}

}  // namespace

void validate(const AffiliationFilterOptions& o) {
    if (o.input.empty()) throw_usage_error("-i/--input: required (an affiliation TSV)");
    if (o.output.empty()) throw_usage_error("-o/--output: required");
    if (!(o.min_identity >= 0 && o.min_identity <= 100)) throw_usage_error("--min-identity: a percent in [0, 100]");
    if (!(o.min_coverage >= 0 && o.min_coverage <= 100)) throw_usage_error("--min-coverage: a percent in [0, 100]");
    for (const RankConfidence& rc : o.min_confidence) {
        if (rc.rank.empty() || !(rc.minimum >= 0 && rc.minimum <= 1)) {
            throw_usage_error("--min-confidence " + rc.rank + ":" + short_number(rc.minimum) + ": want RANK:VALUE, VALUE in [0, 1]");
        }
    }
    for (const std::string& p : o.exclude_taxa) {
        if (p.empty()) throw_usage_error("--exclude-taxon: empty pattern");
        try {
            std::regex check(p, std::regex::ECMAScript);
        } catch (const std::regex_error&) {
            throw_usage_error("--exclude-taxon '" + p + "': not a regular expression");
        }
    }
    if (o.min_identity == 0 && o.min_coverage == 0 && o.min_confidence.empty() && o.exclude_taxa.empty()) {
        throw_usage_error("no filter given (--min-identity, --min-coverage, --min-confidence, --exclude-taxon)");
    }
}

std::string filter_affiliations(AffiliationTable& table, const AffiliationFilterOptions& o) {
    const CompiledFilters c = compile(table, o, o.input);
    std::string impacted = "#query_id\treasons\tstatus\ttaxonomy\n";
    std::vector<Affiliation> kept;
    for (Affiliation& row : table.rows) {
        const std::vector<std::string> why = failures(row, o, c);
        if (!why.empty()) {
            std::string reasons;
            for (std::size_t i = 0; i < why.size(); ++i) reasons.append(i ? "," : "").append(why[i]);
            impacted.append(row.query_id).append("\t").append(reasons).append(o.remove ? "\tdeleted\t" : "\tmasked\t");
            impacted.append(joined(row.names)).push_back('\n');
            if (o.remove) continue;
            std::fill(row.names.begin(), row.names.end(), std::string());
        }
        kept.push_back(std::move(row));
    }
    table.rows = std::move(kept);
    return impacted;
}

AffiliationFilterSummary run_affiliation_filter(const AffiliationFilterOptions& o) {
    AffiliationTable table = read_affiliation_tsv(o.input);
    AffiliationFilterSummary summary;
    summary.rows = table.rows.size();
    const std::string impacted = filter_affiliations(table, o);
    summary.impacted = static_cast<std::size_t>(std::count(impacted.begin(), impacted.end(), '\n')) - 1;
    std::unique_ptr<core::OutputFile> file;
    if (!o.impacted.empty()) {
        file = std::make_unique<core::OutputFile>(o.impacted, core::OutputOptions{.sync = false});
        file->write(impacted);
    }
    write_affiliation_tsv(table, o.output);
    if (file) file->commit();
    return summary;
}

}  // namespace plateau::amplicon
