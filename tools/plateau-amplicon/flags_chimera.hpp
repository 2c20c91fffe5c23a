// plateau-amplicon chimera's flags (vsearch --uchime_denovo spellings; FROGS' --lenient-filter).
#pragma once

#include "amplicon/api.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

CLI::App* add_chimera_command(CLI::App& app, amplicon::ChimeraOptions& options);
// The end-of-run line: uniques checked, chimeras, removed.
[[nodiscard]] std::string chimera_summary_line(const amplicon::ChimeraSummary& summary);

}  // namespace plateau::amplicon_cli
