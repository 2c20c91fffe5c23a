// plateau-amplicon run: flags named after FROGS 5.0.2's denoising, remove_chimera and
// cluster_filters options; the sample sheet is read by the library (amplicon/sample_sheet.hpp).
#include "flags.hpp"
#include "flags_run.hpp"

#include "core/error.hpp"

namespace plateau::amplicon_cli {

namespace {

void add_input_flags(CLI::App* cmd, RunFlags& f) {
    amplicon::RunOptions& o = f.options;
    cmd->add_option("--samples", f.sheet, "Sample sheet: name<TAB>R1<TAB>R2 per line ('#' lines skipped; relative paths from the sheet's folder)")
        ->required();
    cmd->add_option("--outdir", o.outdir, "Output folder (created): abundance.biom, abundance.tsv, seeds.fasta, composition.tsv, "
                                          "excluded.tsv, report.json, report.html")
        ->required();
    cmd->add_option("--five-prime", o.five_prime, "5' primer (IUPAC codes allowed)");
    cmd->add_option("--three-prime", o.three_prime, "3' primer as it reads on the amplicon strand (reverse complement of the reverse PCR primer)");
    cmd->add_flag("--without-primers", o.without_primers, "The reads hold no primers: skip primer removal");
    cmd->add_option("--min-amplicon-size", o.min_amplicon_size, "Shortest amplicon, primers included")->required();
    cmd->add_option("--max-amplicon-size", o.max_amplicon_size, "Longest amplicon, primers included")->required();
    cmd->add_option("--read1-size", o.read1_size, "R1 length, for the merge's minimum overlap (default: longest of the first 1000 R1 reads of the first sample)");
    cmd->add_option("--read2-size", o.read2_size, "R2 length (default: longest of the first 1000 R2 reads of the first sample)");
    cmd->add_option("--mismatch-rate", o.mismatch_rate, "Maximum rate of differences in the overlap (merge --fastq_maxdiffpct 100 x rate)")
        ->capture_default_str();
}

void add_step_flags(CLI::App* cmd, RunFlags& f) {
    amplicon::RunOptions& o = f.options;
    cmd->add_option("--differences", o.differences, "Swarm's d: maximum differences between linked amplicons")->capture_default_str();
    cmd->add_flag("--no-fastidious", f.no_fastidious, "No fastidious grafting (on by default when --differences is 1)");
    cmd->add_flag("--denoise,--asv", o.denoise,
                  "ASVs instead of swarm clusters: UNOISE3 as `denoise` (vsearch --cluster_unoise), rows ASV_<i>");
    cmd->add_option("--unoise-alpha,--unoise_alpha", o.unoise_alpha, "With --denoise: alpha of the skew rule")
        ->capture_default_str();
    cmd->add_option("--minsize", o.minsize, "With --denoise: minimum abundance of a unique to be denoised")
        ->capture_default_str();
    cmd->add_option("--chimera", f.chimera, "strict: remove a cluster chimeric in any sample; lenient: in every sample where present; none")
        ->capture_default_str();
    cmd->add_option("--min-abundance", f.min_abundance, "Remove clusters with fewer reads: a count (N) or a fraction of all reads (0 < F < 1)");
    cmd->add_option("--min-sample-presence", o.filters.min_sample_presence, "Remove clusters present in fewer samples");
    cmd->add_option("--nb-biggest-clusters", o.filters.keep_biggest, "Keep only the N clusters with the most reads");
    cmd->add_flag("--keep-work", o.keep_work, "Keep the intermediate files of every step in OUTDIR/work");
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunFlags& f) {
    CLI::App* cmd = app.add_subcommand(
        "run", "Paired FASTQ per sample to a chimera-free abundance table in one command (FROGS 5.0.2's chain)");
    cmd->footer(
        "Per sample: merge (vsearch --fastq_mergepairs --fastq_allowmergestagger --fastq_ascii 33 --fastq_qmax 93\n"
        "--fastq_maxdiffpct 100*RATE --fastq_minovlen max(R1+R2-MAX, 10)), primers (cutadapt -g FIVE then -a THREE,\n"
        "-e 0.1, -O len-1, discard untrimmed), filter (length MIN-primers to MAX-primers, no N). Then: derep of all\n"
        "samples (sha1 labels), swarm -d D [-f], per-sample uchime_denovo on the cluster seeds with FROGS' rule, cluster\n"
        "filters, BIOM + abundance.tsv + report. Example (16S V4, 515F/806R):\n"
        "  plateau-amplicon run --samples sheet.tsv --outdir out -t 4 --five-prime GTGCCAGCMGCCGCGGTAA\n"
        "    --three-prime ATTAGAWACCCBDGTAGTCC --min-amplicon-size 250 --max-amplicon-size 300 --min-abundance 0.00005");
    add_input_flags(cmd, f);
    add_step_flags(cmd, f);
    return cmd;
}

std::string run_run_command(RunFlags& f, const core::cli::RunContext& run) {
    amplicon::RunOptions& o = f.options;
    if (f.chimera == "strict") {
        o.chimera = amplicon::ChimeraRule::strict;
    } else if (f.chimera == "lenient") {
        o.chimera = amplicon::ChimeraRule::lenient;
    } else if (f.chimera == "none") {
        o.chimera = amplicon::ChimeraRule::none;
    } else {
        throw_usage_error("--chimera " + f.chimera + ": must be strict, lenient or none");
    }
    TableFlags table;  // --min-abundance (count or fraction) and the BIOM date, as `table` reads them
    table.min_abundance = f.min_abundance;
    finish_table_flags(table, run);
    o.filters.min_abundance_count = table.options.filters.min_abundance_count;
    o.filters.min_abundance_fraction = table.options.filters.min_abundance_fraction;
    o.date = table.options.date;
    o.fastidious = !f.no_fastidious;
    o.threads = run.threads;
    o.progress = run.progress;
    o.command_line = run.command_line;
    o.samples = amplicon::read_sample_sheet(f.sheet);
    amplicon::validate(o);
    const amplicon::RunSummary s = amplicon::run_pipeline(o);
    return std::to_string(o.samples.size()) + " samples, " + std::to_string(s.pairs) + " pairs, " + std::to_string(s.merged) +
           " merged, " + std::to_string(s.filtered) + " filtered, " + std::to_string(s.uniques) + " uniques, " +
           std::to_string(s.clusters) + " clusters, " + std::to_string(s.chimeras) + " chimeric, " +
           std::to_string(s.kept_clusters) + " kept (" + std::to_string(s.kept_reads) + " reads)";
}

}  // namespace plateau::amplicon_cli
