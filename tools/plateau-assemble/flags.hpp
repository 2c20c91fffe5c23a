// plateau-assemble's flags: MEGAHIT's spellings for assembly (-1, -2, -r, -o, --k-list,
// --min-count, --min-contig-len, --no-mercy), QUAST's for evaluate (-r, -m, --min-alignment ...).
#pragma once

#include "assembly/api.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace plateau::assemble_cli {

struct AssembleFlags {
    assembly::AssembleOptions options;
    std::vector<std::string> first;   // -1, comma-separated lists allowed
    std::vector<std::string> second;  // -2
    std::vector<std::string> single;  // -r
    std::string k_list;
    std::string memory;
};

/// Adds the assembly flags to the top-level app (plateau-assemble -1 ... -2 ... -o dir).
void add_assemble_flags(CLI::App& app, AssembleFlags& flags);
/// Adds the evaluate subcommand.
CLI::App* add_evaluate_command(CLI::App& app, assembly::EvaluateOptions& options);
/// Fills flags.options from the raw flags (throws ErrorCode::Usage).
void finish_assemble_flags(AssembleFlags& flags);

}  // namespace plateau::assemble_cli
