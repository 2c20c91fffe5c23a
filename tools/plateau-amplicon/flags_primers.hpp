// plateau-amplicon primers: its subcommand (cutadapt's spellings, FROGS' defaults).
#pragma once

#include "amplicon/api.hpp"
#include "core/cli/tool.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

CLI::App* add_primers_command(CLI::App& app, amplicon::PrimerOptions& options);
// Validates, runs and returns the end-of-run summary line.
std::string run_primers_command(amplicon::PrimerOptions& options, const core::cli::RunContext& run);

}  // namespace plateau::amplicon_cli
