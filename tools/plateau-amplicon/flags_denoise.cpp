#include "flags_denoise.hpp"

namespace plateau::amplicon_cli {

CLI::App* add_denoise_command(CLI::App& app, amplicon::DenoiseOptions& o) {
    CLI::App* cmd = app.add_subcommand(
        "denoise", "Exact sequence variants (ASVs), UNOISE3 as vsearch 2.22.1 --cluster_unoise, then UCHIME3");
    cmd->footer(
        "DESCRIPTION\n"
        "  Reads dereplicated sequences (;size=N abundances, as `derep` writes them; absent means 1),\n"
        "  drops those shorter than --minseqlength, longer than --maxseqlength or less abundant than\n"
        "  --minsize, and visits the rest by decreasing abundance (then label). Each one joins the first\n"
        "  earlier ASV, among the 32 sharing the most unique 8-mers with it, whose global alignment\n"
        "  has >= 90% identity (terminal gaps excluded) and passes the UNOISE3 abundance skew rule\n"
        "      size(sequence) / size(ASV) <= beta(d) = 1 / 2^(alpha * d + 1),  d = mismatches\n"
        "  (d = 0, indels only, always passes); otherwise it becomes a new ASV. The outputs are those of\n"
        "      vsearch --cluster_unoise INPUT --sizein --sizeout --centroids C --uc U\n"
        "  byte for byte, at any --threads: DUST-masked runs in lowercase, ASV labels with ;size= set\n"
        "  to the ASV's total abundance, the uc file in uclust layout (S, H, then C lines).\n"
        "CHIMERAS\n"
        "  --nonchimeras/--chimeras/--uchimeout/--uc-nonchimeric run UCHIME3 de novo on the ASVs\n"
        "  (vsearch --uchime3_denovo on the centroids: --abskew 16, chimeric when the two-parent model\n"
        "  matches the ASV exactly and neither parent does). --uc-nonchimeric is the uc without the\n"
        "  chimeric ASVs' clusters: give it to `table --clusters --row-prefix ASV` for the ASV table.\n"
        "EXAMPLE\n"
        "  plateau-amplicon derep --sample s1=s1.fq.gz --sample s2=s2.fq.gz -o derep.fa --counts counts.tsv\n"
        "  plateau-amplicon denoise -t 4 -i derep.fa --centroids asv.fa --uc asv.uc \\\n"
        "      --nonchimeras asv_nochim.fa --uc-nonchimeric asv_nochim.uc\n"
        "  plateau-amplicon table --clusters asv_nochim.uc --fasta derep.fa --counts counts.tsv \\\n"
        "      --row-prefix ASV --biom asv.biom --tsv abundance.tsv");
    cmd->add_option("-i,--input,--cluster_unoise", o.input, "Dereplicated FASTA (plain or gzip; - for stdin)")
        ->required();
    cmd->add_option("--centroids", o.centroids, "ASV FASTA (vsearch --centroids with --sizeout)");
    cmd->add_option("--uc", o.uc, "Cluster composition, uclust layout (vsearch --uc)");
    cmd->add_option("--unoise_alpha,--unoise-alpha", o.alpha, "Alpha of the skew rule")->capture_default_str();
    cmd->add_option("--minsize", o.minsize, "Minimum abundance of a sequence to be denoised")->capture_default_str();
    cmd->add_option("--minseqlength", o.min_seq_length, "Minimum sequence length")->capture_default_str();
    cmd->add_option("--maxseqlength", o.max_seq_length, "Maximum sequence length")->capture_default_str();
    cmd->add_option("--nonchimeras", o.nonchimeras, "ASVs that UCHIME3 finds non-chimeric (vsearch's order)");
    cmd->add_option("--chimeras", o.chimeras, "ASVs that UCHIME3 finds chimeric");
    cmd->add_option("--uchimeout", o.uchimeout, "UCHIME3 results, 18 columns (vsearch's)");
    cmd->add_option("--uc-nonchimeric,--uc_nonchimeric", o.uc_nonchimeric, "The uc without chimeric ASVs");
    cmd->add_option("--abskew", o.abskew, "UCHIME3: minimum abundance ratio parent/ASV")->capture_default_str();
    cmd->add_option("--fasta_width,--fasta-width", o.fasta_width, "FASTA line width (0: one line)")->capture_default_str();
    return cmd;
}

std::string denoise_summary_line(const amplicon::DenoiseSummary& s) {
    std::string line = std::to_string(s.sequences) + " uniques, " +
                       std::to_string(s.sequences - s.discarded_short - s.discarded_long - s.discarded_minsize) +
                       " denoised, " + std::to_string(s.asvs) + " ASVs (" + std::to_string(s.abundance) + " reads)";
    if (s.chimera_checked) {
        line += ", " + std::to_string(s.chimeras) + " chimeric (" + std::to_string(s.chimera_abundance) + " reads)";
    }
    return line;
}

}  // namespace plateau::amplicon_cli
