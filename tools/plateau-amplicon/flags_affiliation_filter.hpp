// plateau-amplicon affiliation-filter's flags (FROGS affiliation_filters' options, our spellings).
#pragma once

#include "amplicon/affiliation_filter.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace plateau::amplicon_cli {

struct AffiliationFilterFlags {
    amplicon::AffiliationFilterOptions options;
    std::vector<std::string> min_confidence;  // RANK:VALUE
    bool mask = false;
};

CLI::App* add_affiliation_filter_command(CLI::App& app, AffiliationFilterFlags& flags);
// Parses --min-confidence, validates, runs; returns the end-of-run line.
[[nodiscard]] std::string run_affiliation_filter_command(AffiliationFilterFlags& flags);

}  // namespace plateau::amplicon_cli
