// plateau-amplicon primers: cutadapt's flag spellings, FROGS' defaults.
#include "flags_primers.hpp"
#include "flags_stream.hpp"

namespace plateau::amplicon_cli {

CLI::App* add_primers_command(CLI::App& app, amplicon::PrimerOptions& o) {
    CLI::App* cmd = app.add_subcommand(
        "primers", "Remove 5' and 3' primers (cutadapt 4.2 as FROGS runs it: -e 0.1, -O len-1, read wildcards, discard untrimmed)");
    cmd->footer(
        "A read is kept when the 5' primer is found (everything up to its end is removed) and then the 3' primer\n"
        "in what remains (everything from its start is removed): FROGS' two cutadapt passes\n"
        "  cutadapt -g FIVE --error-rate 0.1 --discard-untrimmed --match-read-wildcards --overlap len(FIVE)-1\n"
        "  cutadapt -a THREE --error-rate 0.1 --discard-untrimmed --match-read-wildcards --overlap len(THREE)-1\n"
        "give the same reads, trimmed at the same positions. Give the 3' primer in read orientation (the reverse\n"
        "complement of the reverse PCR primer). ^FIVE and THREE$ anchor a primer at the read end.\n"
        "Example (16S V4, 515F/806R): plateau-amplicon primers -g GTGCCAGCMGCCGCGGTAA -a ATTAGAWACCCBDGTAGTCC\n"
        "  -o trimmed.fastq.gz merged.fastq.gz");
    add_stream_input_output(cmd, o, "FASTQ or FASTA, plain or gzip (- for stdin)",
                            "Trimmed reads (FASTQ, or FASTA for FASTA input; gzip when it ends .gz)");
    cmd->add_option("-g,--front", o.five_prime, "5' primer, IUPAC codes allowed; ^PRIMER anchors it");
    cmd->add_option("-a,--adapter", o.three_prime, "3' primer in read orientation, IUPAC codes allowed; PRIMER$ anchors it");
    cmd->add_option("-e,--error-rate,--errors", o.error_rate,
                    "Maximum errors per aligned primer base (N not counted); >= 1: a number of errors")
        ->capture_default_str();
    cmd->add_option("-O,--overlap", o.overlap, "Minimum aligned primer bases (0: primer length - 1, as FROGS)")
        ->capture_default_str();
    cmd->add_flag_callback(
        "--no-match-read-wildcards", [&o] { o.read_wildcards = false; },
        "IUPAC codes in reads (N) are not wildcards (FROGS passes --match-read-wildcards)");
    cmd->add_flag("--revcomp", o.revcomp,
                  "Each pass also tries the reverse complement and keeps it when it scores higher (FROGS' long reads)");
    cmd->add_flag("--keep-untrimmed", o.keep_untrimmed, "Keep reads in which a primer was not found");
    add_stream_output_flags(cmd, o);
    return cmd;
}

std::string run_primers_command(amplicon::PrimerOptions& o, const core::cli::RunContext& run) {
    take_run_context(o, run);
    amplicon::validate(o);
    const amplicon::PrimerSummary s = amplicon::run_primers(o);
    return std::to_string(s.reads) + " reads, " + std::to_string(s.with_five_prime) + " with the 5' primer, " +
           std::to_string(s.with_three_prime) + " with the 3' primer, " + std::to_string(s.written) + " written";
}

}  // namespace plateau::amplicon_cli
