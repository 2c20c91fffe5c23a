#include "flags_affiliation_filter.hpp"

#include "core/error.hpp"

#include <cstdlib>

namespace plateau::amplicon_cli {

CLI::App* add_affiliation_filter_command(CLI::App& app, AffiliationFilterFlags& f) {
    auto& o = f.options;
    CLI::App* cmd = app.add_subcommand("affiliation-filter",
                                       "Mask or delete affiliations by identity, coverage, confidence or taxon (FROGS affiliation_filters)");
    cmd->footer(
        "A row fails a filter when its identity or query coverage is below the minimum (a row without\n"
        "  a hit fails these), its confidence at RANK is below VALUE, or its ';'-joined taxonomy matches\n"
        "  an --exclude-taxon regular expression (searched anywhere, e.g. Chloroplast or ^Eukaryota).\n"
        "--mask (default) empties every rank of a failing row; --delete removes the row, and the\n"
        "  impacted list (#query_id, reasons, status, taxonomy) is then an exclusion list for\n"
        "  `table --exclude`.\n"
        "Example: plateau-amplicon affiliation-filter -i affiliation.tsv -o filtered.tsv --impacted impacted.tsv\n"
        "  --min-identity 97 --min-coverage 99 --exclude-taxon Chloroplast --delete");
    cmd->add_option("-i,--input", o.input, "Affiliation TSV (taxonomy -o)")->required();
    cmd->add_option("-o,--output", o.output, "Filtered affiliation TSV")->required();
    cmd->add_option("--impacted", o.impacted, "TSV of the masked or deleted rows with their reasons");
    cmd->add_option("--min-identity", o.min_identity, "Minimum identity of the best hit, percent (align)");
    cmd->add_option("--min-coverage", o.min_coverage, "Minimum query coverage of the best hit, percent (align)");
    cmd->add_option("--min-confidence", f.min_confidence, "RANK:VALUE, minimum confidence at a rank (sintax, rdp; repeatable)");
    cmd->add_option("--exclude-taxon", o.exclude_taxa, "Regular expression on the taxonomy (repeatable)");
    auto* del = cmd->add_flag("--delete", o.remove, "Delete failing rows");
    cmd->add_flag("--mask", f.mask, "Mask failing rows (default)")->excludes(del);
    return cmd;
}

std::string run_affiliation_filter_command(AffiliationFilterFlags& f) {
    for (const std::string& text : f.min_confidence) {
        const std::size_t colon = text.rfind(':');
        char* end = nullptr;
        const double value = colon == std::string::npos ? -1 : std::strtod(text.c_str() + colon + 1, &end);
        if (colon == std::string::npos || colon == 0 || end == text.c_str() + colon + 1 || *end != '\0') {
            throw_usage_error("--min-confidence " + text + ": want RANK:VALUE (e.g. genus:0.8)");
        }
        f.options.min_confidence.push_back({text.substr(0, colon), value});
    }
    amplicon::validate(f.options);
    const amplicon::AffiliationFilterSummary s = amplicon::run_affiliation_filter(f.options);
    return std::to_string(s.rows) + " rows, " + std::to_string(s.impacted) + (f.options.remove ? " deleted" : " masked");
}

}  // namespace plateau::amplicon_cli
