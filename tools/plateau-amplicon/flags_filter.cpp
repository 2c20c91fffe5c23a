// plateau-amplicon filter: FROGS' length and N filters, vsearch's expected-error filter.
#include "flags_filter.hpp"
#include "flags_stream.hpp"

namespace plateau::amplicon_cli {

CLI::App* add_filter_command(CLI::App& app, amplicon::FilterOptions& o) {
    CLI::App* cmd = app.add_subcommand("filter", "Filter reads on length, N count and expected errors (vsearch --fastq_filter)");
    cmd->footer(
        "A read is kept when min <= length <= max, it has at most --max-ns N, and its expected errors\n"
        "EE = sum of 10^(-Q/10) are at most --max-ee: the reads `vsearch --fastq_filter --fastq_minlen MIN\n"
        "--fastq_maxlen MAX --fastq_maxns N --fastq_maxee E` keeps. A discarded read is counted under the first\n"
        "reason in the order length, N (FROGS' filterSeq.py), expected errors.\n"
        "FROGS after primer removal: --min-length (min amplicon - primer lengths) --max-length (max amplicon -\n"
        "primer lengths) --max-ns 0.");
    add_stream_input_output(cmd, o, "FASTQ or FASTA (without --max-ee), plain or gzip (- for stdin)",
                            "Kept reads (same format as the input; gzip when it ends .gz)");
    cmd->add_option("--min-length,--fastq_minlen", o.min_length, "Discard shorter reads")->capture_default_str();
    cmd->add_option("--max-length,--fastq_maxlen", o.max_length, "Discard longer reads (default: no limit)");
    cmd->add_option("--max-ns,--fastq_maxns", o.max_ns, "Discard reads with more N (default: no limit)");
    cmd->add_option("--max-ee,--fastq_maxee", o.max_ee, "Discard reads with more expected errors (default: no limit)");
    cmd->add_option("--fastq_ascii", o.quality_offset, "Quality offset, 33 or 64")->capture_default_str();
    add_stream_output_flags(cmd, o);
    return cmd;
}

std::string run_filter_command(amplicon::FilterOptions& o, const core::cli::RunContext& run) {
    take_run_context(o, run);
    amplicon::validate(o);
    const amplicon::FilterSummary s = amplicon::run_filter(o);
    return std::to_string(s.reads) + " reads, " + std::to_string(s.written) + " kept; discarded: " +
           std::to_string(s.too_short) + " too short, " + std::to_string(s.too_long) + " too long, " +
           std::to_string(s.too_many_ns) + " with too many N, " + std::to_string(s.too_many_errors) +
           " with too many expected errors";
}

}  // namespace plateau::amplicon_cli
