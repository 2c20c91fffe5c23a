// plateau-assemble: de Bruijn graph assembly of short reads, and QUAST-style evaluation. This file
// names the tool, binds the flags (flags.cpp) and calls the library.
#include "core/cli/tool.hpp"
#include "flags.hpp"

#include <string>

int main(int argc, char** argv) {
    namespace cli = plateau::core::cli;
    namespace asm_ = plateau::assembly;
    plateau::assemble_cli::AssembleFlags assemble;
    asm_::EvaluateOptions evaluate;
    CLI::App* evaluate_cmd = nullptr;
    cli::ToolSpec spec;
    spec.name = "plateau-assemble";
    spec.module = "assemble";
    spec.description =
        "plateau-assemble: de novo assembly of bacterial short reads on a compacted de Bruijn graph\n"
        "(exact k-mer counting, solid threshold from the k-mer histogram, mercy k-mers, tip clipping,\n"
        "bubble merging, pruning of weak links relative to local depth, iteration over k carrying contigs,\n"
        "joins across short repeats where the read pairs are unique, contig ends extended into repeats).\n"
        "  plateau-assemble -1 R1 -2 R2 -o DIR     writes DIR/contigs.fa, graph.gfa, assembly.json, assembly.html\n"
        "  plateau-assemble evaluate CONTIGS -r REF  QUAST-style metrics from minimap2 alignments";
    spec.footer = "Examples:\n"
                  "  plateau-assemble -1 s_R1.fq.gz -2 s_R2.fq.gz -o s_asm -t 2\n"
                  "  plateau-assemble evaluate s_asm/contigs.fa -r ref.fa --tsv s.tsv --json s.json\n"
                  "Output is the same at any --threads. Exit status: 0 success, 1 bad input or I/O error\n"
                  "(or a --memory cap too small), 2 invalid options.";
    spec.default_threads = 2;
    return cli::run_tool(
        argc, argv, spec,
        [&](CLI::App& app) {
            app.require_subcommand(0, 1);
            app.fallthrough();  // before the subcommand: it inherits it, so -t works after "evaluate"
            plateau::assemble_cli::add_assemble_flags(app, assemble);
            evaluate_cmd = plateau::assemble_cli::add_evaluate_command(app, evaluate);
        },
        [&](const cli::RunContext& run) -> std::string {
            if (evaluate_cmd->parsed()) {
                evaluate.threads = run.threads;
                evaluate.command_line = run.command_line;
                asm_::validate(evaluate);
                const asm_::EvaluateSummary s = asm_::run_evaluate(evaluate);
                return std::to_string(s.contigs) + " contigs, NGA50 " + std::to_string(s.nga50) + ", " +
                       std::to_string(s.misassemblies) + " misassemblies";
            }
            plateau::assemble_cli::finish_assemble_flags(assemble);
            assemble.options.threads = run.threads;
            assemble.options.progress = run.progress;
            assemble.options.command_line = run.command_line;
            asm_::validate(assemble.options);
            const asm_::AssembleSummary s = asm_::run_assemble(assemble.options);
            return std::to_string(s.reads) + " reads, " + std::to_string(s.contigs) + " contigs, " +
                   std::to_string(s.total_length) + " bp, N50 " + std::to_string(s.n50);
        });
}
