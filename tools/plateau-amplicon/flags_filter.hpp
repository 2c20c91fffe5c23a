// plateau-amplicon filter: its subcommand (vsearch's --fastq_filter spellings and plain ones).
#pragma once

#include "amplicon/api.hpp"
#include "core/cli/tool.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

CLI::App* add_filter_command(CLI::App& app, amplicon::FilterOptions& options);
// Validates, runs and returns the end-of-run summary line.
std::string run_filter_command(amplicon::FilterOptions& options, const core::cli::RunContext& run);

}  // namespace plateau::amplicon_cli
