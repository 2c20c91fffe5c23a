// plateau-amplicon denoise's flags (vsearch --cluster_unoise spellings, dashes accepted too).
#pragma once

#include "amplicon/api.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

CLI::App* add_denoise_command(CLI::App& app, amplicon::DenoiseOptions& options);
// The end-of-run line: uniques read and kept, ASVs, chimeras.
[[nodiscard]] std::string denoise_summary_line(const amplicon::DenoiseSummary& summary);

}  // namespace plateau::amplicon_cli
