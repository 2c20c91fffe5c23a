// plateau-amplicon merge: flags with vsearch 2.22.1's --fastq_mergepairs spellings, plus samples.
#pragma once

#include "amplicon/api.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace plateau::amplicon_cli {

struct MergeFlags {
    amplicon::MergeOptions options;
    std::string forward, reverse;      // --fastq_mergepairs, --reverse (one unnamed pair)
    std::vector<std::string> samples;  // NAME=R1,R2
    std::string sample_list;           // TSV: name, R1, R2
    std::string report;                // JSON summary
    bool no_stagger = false;
};

CLI::App* add_merge_command(CLI::App& app, MergeFlags& flags);
// Fills flags.options.samples from the raw flags (sheet errors: ErrorCode::InvalidInput).
void finish_merge_flags(MergeFlags& flags);
// Runs the merge, prints vsearch's statistics on stderr unless quiet, writes the JSON report.
std::string run_merge_command(MergeFlags& flags, int threads, bool quiet, core::ProgressMode progress,
                              const std::string& command_line);

}  // namespace plateau::amplicon_cli
