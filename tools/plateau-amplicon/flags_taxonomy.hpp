// plateau-amplicon taxonomy's flags. This branch (taxalign) runs --method align against a
// SINTAX-format FASTA (--ref-fasta); branch taxkmer adds --db and the sintax/rdp methods.
#pragma once

#include "amplicon/affiliation_align.hpp"
#include "core/cli/tool.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

struct TaxonomyFlags {
    std::string method = "align";
    std::string ref_fasta, db, input, output, multi_hits, strand = "plus";
    amplicon::AlignAffiliationOptions align;
};

CLI::App* add_taxonomy_command(CLI::App& app, TaxonomyFlags& flags);
// Runs the method; returns the end-of-run line.
[[nodiscard]] std::string run_taxonomy_command(TaxonomyFlags& flags, const core::cli::RunContext& run);

}  // namespace plateau::amplicon_cli
