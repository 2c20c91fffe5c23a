// plateau-amplicon run: the whole chain from a sample sheet (FROGS' spellings for the parameters).
#pragma once

#include "amplicon/api.hpp"
#include "core/cli/tool.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

struct RunFlags {
    amplicon::RunOptions options;
    std::string sheet;
    std::string chimera = "strict";
    std::string min_abundance;  // a count or a fraction
    bool no_fastidious = false;
};

CLI::App* add_run_command(CLI::App& app, RunFlags& flags);
// Reads the sheet, validates, runs and returns the end-of-run summary line.
std::string run_run_command(RunFlags& flags, const core::cli::RunContext& run);

}  // namespace plateau::amplicon_cli
