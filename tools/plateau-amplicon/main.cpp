// plateau-amplicon: metabarcoding steps, each usable alone. This file names the tool, binds the
// subcommands' flags (flags.cpp) and calls the library.
#include "core/cli/tool.hpp"
#include "flags.hpp"
#include "flags_filter.hpp"
#include "flags_primers.hpp"
#include "flags_merge.hpp"
#include "flags_chimera.hpp"
#include "flags_denoise.hpp"
#include "flags_run.hpp"
#include "flags_taxonomy.hpp"
#include "flags_affiliation_filter.hpp"

#include <string>

int main(int argc, char** argv) {
    namespace cli = plateau::core::cli;
    namespace amp = plateau::amplicon;
    amp::ClusterOptions cluster;
    amp::ChimeraOptions chimera;
    amp::DenoiseOptions denoise;
    CLI::App* denoise_cmd = nullptr;
    plateau::amplicon_cli::DerepFlags derep;
    plateau::amplicon_cli::MergeFlags merge;
    CLI::App* cluster_cmd = nullptr;
    CLI::App* derep_cmd = nullptr;
    amp::PrimerOptions primers;
    amp::FilterOptions filter;
    CLI::App* primers_cmd = nullptr;
    CLI::App* filter_cmd = nullptr;
    CLI::App* merge_cmd = nullptr;
    CLI::App* chimera_cmd = nullptr;
    plateau::amplicon_cli::TableFlags table;
    CLI::App* table_cmd = nullptr;
    plateau::amplicon_cli::RunFlags run_flags;
    CLI::App* run_cmd = nullptr;
    plateau::amplicon_cli::TaxonomyFlags taxonomy;
    CLI::App* taxonomy_cmd = nullptr;
    plateau::amplicon_cli::AffiliationFilterFlags affiliation_filter;
    CLI::App* affiliation_filter_cmd = nullptr;
    plateau::amplicon_cli::DbFlags db_flags;
    CLI::App* db_cmd = nullptr;
    cli::ToolSpec spec;
    spec.name = "plateau-amplicon";
    spec.module = "amplicon";
    spec.description = "plateau-amplicon: amplicon metabarcoding steps.\n"
                       "  primers  5'/3' primer removal (cutadapt as FROGS runs it)\n"
                       "  filter   length, N and expected-error filters (vsearch --fastq_filter)\n"
                       "  merge    paired-read merging (vsearch --fastq_mergepairs semantics), per sample\n"
                       "  derep    cross-sample dereplication with per-sample counts (vsearch --derep_fulllength order)\n"
                       "  cluster  Swarm clustering (d = 0, d = 1 with fastidious, d > 1), outputs byte-identical to swarm 3.1.2\n"
                       "  chimera  de novo chimera detection (vsearch --uchime_denovo calls), per sample with FROGS' rules\n"
                       "  denoise  exact sequence variants (ASVs): UNOISE3 as vsearch --cluster_unoise, then UCHIME3\n"
                       "  affiliation-filter  mask or delete affiliations by identity, coverage, confidence, taxon\n"
                       "  table    BIOM 1.0 and FROGS abundance.tsv from clusters, with filters and a run report\n"
                       "  db       reference database index from a FASTA with taxonomy in the headers\n"
                       "  taxonomy taxonomic affiliation: SINTAX, RDP naive Bayes, or best alignment hits with FROGS multi-affiliation\n"
                       "  run      the whole chain: paired FASTQ per sample to a chimera-free abundance table (FROGS' chain)";
    spec.footer = "Examples:\n"
                  "  plateau-amplicon merge --sample s1=s1_R1.fq.gz,s1_R2.fq.gz --fastqout merged.fq.gz -t 4\n"
                  "  plateau-amplicon derep --sample s1=s1.fq.gz --sample s2=s2.fq.gz -o derep.fa --counts counts.tsv --relabel_sha1\n"
                  "  plateau-amplicon cluster -d 1 -f -z -t 2 -o swarms -s stats -w seeds.fa derep.fa\n"
                  "  plateau-amplicon chimera -t 2 derep.fa --counts counts.tsv --nonchimeras kept.fa --counts-out kept.tsv\n"
                  "  plateau-amplicon denoise -t 2 -i derep.fa --centroids asv.fa --uc asv.uc --uc-nonchimeric asv_nochim.uc\n"
                  "  plateau-amplicon table --clusters swarms --fasta derep.fa --counts counts.tsv --biom table.biom --tsv abundance.tsv --html report.html\n"
                  "  plateau-amplicon taxonomy --method align --ref-fasta ref.fa -i seeds.fa -o affiliation.tsv --multi-hits multi_hits.tsv\n"
                  "  plateau-amplicon table ... --seeds seeds.fa --taxonomy affiliation.tsv --biom table.biom --tsv abundance.tsv\n"
                  "  plateau-amplicon run --samples sheet.tsv --outdir out --without-primers --min-amplicon-size 250 --max-amplicon-size 256 -t 4\n"
                  "  plateau-amplicon db ten_16s.100.fa.gz -o ten_16s.db\n"
                  "  plateau-amplicon taxonomy --method sintax --db ten_16s.db -i seeds.fa -o affiliation.tsv -t 4\n"
                  "Exit status: 0 success, 1 bad input or I/O error, 2 invalid options.";
    spec.default_threads = 1;
    return cli::run_tool(
        argc, argv, spec,
        [&](CLI::App& app) {
            app.require_subcommand(1);
            app.fallthrough();
            cluster_cmd = plateau::amplicon_cli::add_cluster_command(app, cluster);
            derep_cmd = plateau::amplicon_cli::add_derep_command(app, derep);
            primers_cmd = plateau::amplicon_cli::add_primers_command(app, primers);
            filter_cmd = plateau::amplicon_cli::add_filter_command(app, filter);
            merge_cmd = plateau::amplicon_cli::add_merge_command(app, merge);
            chimera_cmd = plateau::amplicon_cli::add_chimera_command(app, chimera);
            denoise_cmd = plateau::amplicon_cli::add_denoise_command(app, denoise);
            table_cmd = plateau::amplicon_cli::add_table_command(app, table);
            run_cmd = plateau::amplicon_cli::add_run_command(app, run_flags);
            taxonomy_cmd = plateau::amplicon_cli::add_taxonomy_command(app, taxonomy);
            affiliation_filter_cmd = plateau::amplicon_cli::add_affiliation_filter_command(app, affiliation_filter);
            db_cmd = plateau::amplicon_cli::add_db_command(app, db_flags);
        },
        [&](const cli::RunContext& run) -> std::string {
            if (affiliation_filter_cmd->parsed()) return plateau::amplicon_cli::run_affiliation_filter_command(affiliation_filter);
            if (db_cmd->parsed()) return plateau::amplicon_cli::run_db_command(db_flags);
            if (taxonomy_cmd->parsed()) return plateau::amplicon_cli::run_taxonomy_command(taxonomy, run);
            if (run_cmd->parsed()) return plateau::amplicon_cli::run_run_command(run_flags, run);
            if (primers_cmd->parsed()) return plateau::amplicon_cli::run_primers_command(primers, run);
            if (filter_cmd->parsed()) return plateau::amplicon_cli::run_filter_command(filter, run);
            if (cluster_cmd->parsed()) {
                cluster.threads = run.threads;
                amp::validate(cluster);
                const amp::ClusterSummary s = amp::run_cluster(cluster);
                return std::to_string(s.amplicons) + " amplicons, " + std::to_string(s.swarms) + " swarms, " +
                       std::to_string(s.grafts) + " grafts";
            }
            if (merge_cmd->parsed()) {
                return plateau::amplicon_cli::run_merge_command(merge, run.threads,
                                                                run.log_level == plateau::core::LogLevel::error,
                                                                run.progress, run.command_line);
            }
            if (chimera_cmd->parsed()) {
                chimera.threads = run.threads;
                if (chimera.uchime3 && chimera_cmd->count("--abskew") == 0) chimera.abskew = 16.0;
                chimera.progress = run.progress;
                amp::validate(chimera);
                return plateau::amplicon_cli::chimera_summary_line(amp::run_chimera(chimera));
            }
            if (denoise_cmd->parsed()) {
                denoise.threads = run.threads;
                denoise.progress = run.progress;
                amp::validate(denoise);
                return plateau::amplicon_cli::denoise_summary_line(amp::run_denoise(denoise));
            }
            if (table_cmd->parsed()) {
                plateau::amplicon_cli::finish_table_flags(table, run);
                amp::validate(table.options);
                const amp::TableSummary s = amp::run_table(table.options);
                return std::to_string(s.clusters) + " clusters, " + std::to_string(s.kept) + " kept, " +
                       std::to_string(s.kept_reads) + " of " + std::to_string(s.reads) + " reads";
            }
            plateau::amplicon_cli::finish_derep_flags(derep);
            derep.options.threads = run.threads;
            amp::validate(derep.options);
            const amp::DerepSummary s = amp::run_derep(derep.options);
            return std::to_string(s.reads) + " reads, " + std::to_string(s.uniques) + " uniques";
        });
}
