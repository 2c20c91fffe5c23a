// plateau-amplicon's subcommands and their flags (swarm's and vsearch's spellings).
#pragma once

#include "amplicon/api.hpp"
#include "core/cli/tool.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace plateau::amplicon_cli {

struct DerepFlags {
    amplicon::DerepOptions options;
    std::vector<std::string> samples;  // NAME=FILE
    std::string sample_list;           // TSV: name, path
    std::string style = "usearch";
};

struct TableFlags {
    amplicon::TableOptions options;
    std::string min_abundance;  // a count or a fraction
};

// Adds the subcommands; returns them so main can tell which one was given.
CLI::App* add_cluster_command(CLI::App& app, amplicon::ClusterOptions& options);
CLI::App* add_derep_command(CLI::App& app, DerepFlags& flags);
// Fills flags.options.samples and .style from the raw flags (throws ErrorCode::Usage).
void finish_derep_flags(DerepFlags& flags);
CLI::App* add_table_command(CLI::App& app, TableFlags& flags);  // flags_table.cpp
// --min-abundance, the report's command line and progress, SOURCE_DATE_EPOCH (throws ErrorCode::Usage).
void finish_table_flags(TableFlags& flags, const core::cli::RunContext& run);

}  // namespace plateau::amplicon_cli
