// plateau-amplicon: metabarcoding steps, each usable alone. This file names the tool, binds the
// subcommands' flags (flags.cpp) and calls the library.
#include "core/cli/tool.hpp"
#include "flags.hpp"

#include <string>

int main(int argc, char** argv) {
    namespace cli = plateau::core::cli;
    namespace amp = plateau::amplicon;
    amp::ClusterOptions cluster;
    plateau::amplicon_cli::DerepFlags derep;
    CLI::App* cluster_cmd = nullptr;
    CLI::App* derep_cmd = nullptr;
    cli::ToolSpec spec;
    spec.name = "plateau-amplicon";
    spec.module = "amplicon";
    spec.description = "plateau-amplicon: amplicon metabarcoding steps.\n"
                       "  derep    cross-sample dereplication with per-sample counts (vsearch --derep_fulllength order)\n"
                       "  cluster  Swarm clustering (d = 0, d = 1 with fastidious, d > 1), outputs byte-identical to swarm 3.1.2";
    spec.footer = "Examples:\n"
                  "  plateau-amplicon derep --sample s1=s1.fq.gz --sample s2=s2.fq.gz -o derep.fa --counts counts.tsv --relabel_sha1\n"
                  "  plateau-amplicon cluster -d 1 -f -z -t 2 -o swarms -s stats -w seeds.fa derep.fa\n"
                  "Exit status: 0 success, 1 bad input or I/O error, 2 invalid options.";
    spec.default_threads = 1;
    return cli::run_tool(
        argc, argv, spec,
        [&](CLI::App& app) {
            app.require_subcommand(1);
            app.fallthrough();
            cluster_cmd = plateau::amplicon_cli::add_cluster_command(app, cluster);
            derep_cmd = plateau::amplicon_cli::add_derep_command(app, derep);
        },
        [&](const cli::RunContext& run) -> std::string {
            if (cluster_cmd->parsed()) {
                cluster.threads = run.threads;
                amp::validate(cluster);
                const amp::ClusterSummary s = amp::run_cluster(cluster);
                return std::to_string(s.amplicons) + " amplicons, " + std::to_string(s.swarms) + " swarms, " +
                       std::to_string(s.grafts) + " grafts";
            }
            plateau::amplicon_cli::finish_derep_flags(derep);
            derep.options.threads = run.threads;
            amp::validate(derep.options);
            const amp::DerepSummary s = amp::run_derep(derep.options);
            return std::to_string(s.reads) + " reads, " + std::to_string(s.uniques) + " uniques";
        });
}
