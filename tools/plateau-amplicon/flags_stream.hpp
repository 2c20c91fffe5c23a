// The flags primers and filter share (both stream one read file into one output,
// amplicon/read_stream.hpp): input and -o/--output first, --fasta, --compression and --json last,
// so each --help lists its own flags between them; and the run context both take.
#pragma once

#include "core/cli/tool.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::amplicon_cli {

template <class Options>
void add_stream_input_output(CLI::App* cmd, Options& o, const std::string& input_help, const std::string& output_help) {
    cmd->add_option("input", o.input, input_help)->capture_default_str();
    cmd->add_option("-o,--output", o.output, output_help)->capture_default_str();
}

template <class Options>
void add_stream_output_flags(CLI::App* cmd, Options& o) {
    cmd->add_flag("--fasta", o.fasta_out, "Write FASTA even from FASTQ input");
    cmd->add_option("--compression", o.compression, "gzip level of .gz outputs (1-12)")->capture_default_str();
    cmd->add_option("--json", o.json_out, "JSON report: run envelope, options and counts");
}

// Threads, progress and the report's command line from the run.
template <class Options>
void take_run_context(Options& o, const core::cli::RunContext& run) {
    o.threads = run.threads;
    o.progress = run.progress;
    o.command_line = run.command_line;
}

}  // namespace plateau::amplicon_cli
