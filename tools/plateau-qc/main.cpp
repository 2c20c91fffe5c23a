// plateau-qc: FASTQ/BAM quality control, trimming and filtering with fastp-compatible reports.
// This file only names the tool, binds its flags (flags.cpp) and calls the library.
#include "core/cli/tool.hpp"
#include "flags.hpp"
#include "qc/api.hpp"

#include <string>

int main(int argc, char** argv) {
    namespace cli = plateau::core::cli;
    plateau::qc::QcOptions options;
    cli::ToolSpec spec;
    spec.name = "plateau-qc";
    spec.module = "qc";
    spec.description = "plateau-qc: quality control, adapter and quality trimming, and read filtering for FASTQ,\n"
                       "SAM, BAM and CRAM, with a fastp-compatible JSON report, FastQC-style verdicts and a\n"
                       "self-contained HTML report. Output order and every figure are the same at any --threads.";
    spec.footer = "Processing order per read (as fastp): fixed trims, --cut-front, --cut-right, --cut-tail, polyG,\n"
                  "adapters (pair overlap, then sequence), polyX, maximum length; then the filters. A pair passes\n"
                  "only if both reads pass. Statistics are reported before and after filtering.\n\n"
                  "Examples:\n"
                  "  plateau-qc -i R1.fq.gz -I R2.fq.gz -o out.R1.fq.gz -O out.R2.fq.gz -j sample.fastp.json --html sample.html\n"
                  "  plateau-qc -i reads.bam --json reads.fastp.json          (report only)\n"
                  "Exit status: 0 success, 1 bad input or I/O error, 2 invalid options.\n"
                  "fastp's option spellings (e.g. --cut_front) are accepted.";
    spec.threads_flag = "-w,--threads";
    spec.default_threads = options.threads;
    return cli::run_tool(
        argc, argv, spec, [&](CLI::App& app) { plateau::qc_cli::add_qc_flags(app, options); },
        [&](const cli::RunContext& run) {
            options.threads = run.threads;
            options.progress = run.progress;
            options.command_line = run.command_line;
            plateau::qc::validate(options);
            const plateau::qc::QcSummary summary = plateau::qc::run(options);
            return std::to_string(summary.reads_in) + " reads in, " + std::to_string(summary.reads_passed) + " passed";
        });
}
