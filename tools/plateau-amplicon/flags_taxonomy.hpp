// plateau-amplicon db and taxonomy's flags: --method sintax|rdp (k-mer methods, on a `db` index)
// and --method align (FROGS-style best alignment hits, on a SINTAX FASTA or a `db` index).
#pragma once

#include "amplicon/affiliation_align.hpp"
#include "amplicon/taxonomy_api.hpp"
#include "core/cli/tool.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

struct DbFlags {
    amplicon::DbOptions options;
    std::string layout = "auto";
    std::string ranks;  // comma-separated rank names
};

struct TaxonomyFlags {
    std::string method = "align";
    std::string strand = "plus";
    std::string ref_fasta, multi_hits;  // align
    amplicon::AlignAffiliationOptions align;
    amplicon::KmerTaxonomyOptions kmer;  // db, input, output and the k-mer methods' options
};

CLI::App* add_db_command(CLI::App& app, DbFlags& flags);
CLI::App* add_taxonomy_command(CLI::App& app, TaxonomyFlags& flags);
// Run the subcommands; return the end-of-run line.
std::string run_db_command(DbFlags& flags);
[[nodiscard]] std::string run_taxonomy_command(TaxonomyFlags& flags, const core::cli::RunContext& run);

}  // namespace plateau::amplicon_cli
