// plateau-qc's command-line flags (fastp's spellings), bound into qc::QcOptions.
#pragma once

#include "qc/api.hpp"

#include <CLI/CLI.hpp>

namespace plateau::qc_cli {

void add_qc_flags(CLI::App& app, qc::QcOptions& options);

}  // namespace plateau::qc_cli
