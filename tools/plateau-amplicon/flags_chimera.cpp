#include "flags_chimera.hpp"

namespace plateau::amplicon_cli {

CLI::App* add_chimera_command(CLI::App& app, amplicon::ChimeraOptions& o) {
    CLI::App* cmd = app.add_subcommand(
        "chimera",
        "De novo chimera detection (UCHIME, vsearch 2.22.1 --uchime_denovo calls), per sample with FROGS' rules");
    cmd->footer(
        "Without --counts the input's ;size=N abundances are used and the outputs are those of\n"
        "  vsearch --uchime_denovo INPUT (sequences DUST-masked in lowercase, as vsearch writes them).\n"
        "With --counts (the table of `derep --counts`) each sample's uniques are checked on their own,\n"
        "  with the sample's counts; a sequence is removed from all samples when it is a chimera (Y) in\n"
        "  at least one sample, or with --lenient only when it is one in every sample where it occurs\n"
        "  (FROGS remove_chimera); --nonchimeras/--chimeras then hold the input records kept/removed,\n"
        "  --uchimeout a first column with the sample, --counts-out the table without the removed rows.");
    cmd->add_option("input,--uchime_denovo", o.input, "Uniques FASTA (plain or gzip)")->required();
    cmd->add_option("--counts", o.counts, "Count table (#id and one column per sample): per-sample mode");
    cmd->add_option("--nonchimeras", o.nonchimeras, "FASTA of non-chimeric sequences (N and, per sample, ?)");
    cmd->add_option("--chimeras", o.chimeras, "FASTA of chimeras (Y)");
    cmd->add_option("--borderline", o.borderline, "FASTA of borderline sequences (?; single sample)");
    cmd->add_option("--uchimeout", o.uchimeout, "Tab-separated results, 18 columns (vsearch's)");
    cmd->add_option("--uchimealns", o.uchimealns, "Three-way alignments of the chimeras (single sample)");
    cmd->add_option("--counts-out", o.counts_out, "Count table without the removed sequences (per sample)");
    cmd->add_flag("--lenient,--lenient-filter", o.lenient, "Remove only sequences chimeric in every sample where present");
    cmd->add_flag("--uchime3", o.uchime3,
                  "UCHIME3 calls (vsearch --uchime3_denovo, for denoised ASVs): chimeric when the model matches\n"
                  "the query exactly and neither parent does; no borderline; --abskew 16 unless given");
    cmd->add_option("--abskew", o.abskew, "Minimum abundance ratio parent/query (16 with --uchime3)")->capture_default_str();
    cmd->add_option("--mindiffs", o.mindiffs, "Minimum diffs on each side of the breakpoint")->capture_default_str();
    cmd->add_option("--mindiv", o.mindiv, "Minimum divergence from the closest parent (%)")->capture_default_str();
    cmd->add_option("--minh", o.minh, "Minimum score h for ? and Y")->capture_default_str();
    cmd->add_option("--dn", o.dn, "Pseudo-count prior on no votes")->capture_default_str();
    cmd->add_option("--xn", o.xn, "Weight of no votes")->capture_default_str();
    cmd->add_option("--fasta_width,--fasta-width", o.fasta_width, "FASTA line width (0: one line)")->capture_default_str();
    return cmd;
}

std::string chimera_summary_line(const amplicon::ChimeraSummary& s) {
    std::uint64_t chimeric = 0, borderline = 0;
    for (const auto& c : s.samples) {
        chimeric += c.chimeric;
        borderline += c.borderline;
    }
    return std::to_string(s.sequences) + " sequences, " + std::to_string(chimeric) + " chimeric and " +
           std::to_string(borderline) + " borderline calls in " + std::to_string(s.samples.size()) + " sample(s), " +
           std::to_string(s.removed) + " removed";
}

}  // namespace plateau::amplicon_cli
