// plateau-amplicon merge: vsearch 2.22.1's --fastq_mergepairs flags (same spellings and defaults),
// samples (--sample NAME=R1,R2, --samples SHEET) and FROGS' --keep-unmerged.
#include "flags_merge.hpp"

#include "amplicon/sample_sheet.hpp"
#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <chrono>
#include <iostream>

namespace plateau::amplicon_cli {

namespace {

void add_output_flags(CLI::App* cmd, amplicon::MergeOptions& o) {
    cmd->add_option("--fastqout", o.fastq_out, "Merged reads as FASTQ (.gz: compressed)");
    cmd->add_option("--fastaout", o.fasta_out, "Merged reads as FASTA (.gz: compressed)");
    cmd->add_option("--fastqout_notmerged_fwd", o.notmerged_fwd_fastq, "Forward reads of pairs not merged, FASTQ");
    cmd->add_option("--fastqout_notmerged_rev", o.notmerged_rev_fastq, "Reverse reads of pairs not merged, FASTQ");
    cmd->add_option("--fastaout_notmerged_fwd", o.notmerged_fwd_fasta, "Forward reads of pairs not merged, FASTA");
    cmd->add_option("--fastaout_notmerged_rev", o.notmerged_rev_fasta, "Reverse reads of pairs not merged, FASTA");
    cmd->add_option("--eetabbedout", o.ee_tabbed_out,
                    "Per merged pair: expected errors of R1 and R2, observed differences in R1 and R2");
    cmd->add_option("--fasta_width", o.fasta_width, "FASTA line width (0: one line)")->capture_default_str();
    cmd->add_option("--compression", o.compression, "Gzip level of .gz outputs (1-12)")->capture_default_str();
    cmd->add_option("--relabel", o.relabel, "Label records PREFIX<ordinal> (unnamed pair; samples use NAME.)");
    cmd->add_flag("--keep-labels", o.keep_labels, "Samples: keep read labels, only add ;sample=NAME");
    cmd->add_flag("--keep-unmerged", o.keep_unmerged,
                  "Also write pairs that do not merge as R1 + N spacer + revcomp(R2), labelled <id>_FROGS_combined");
    cmd->add_option("--spacer-length", o.spacer_length, "N spacer length for --keep-unmerged")->capture_default_str();
}

void add_merging_flags(CLI::App* cmd, MergeFlags& f) {
    amplicon::MergeOptions& o = f.options;
    cmd->add_option("--fastq_minovlen", o.min_overlap, "Minimum overlap (at least 5)")->capture_default_str();
    cmd->add_option("--fastq_maxdiffs", o.max_diffs, "Maximum differences in the overlap")->capture_default_str();
    cmd->add_option("--fastq_maxdiffpct", o.max_diff_pct, "Maximum percentage of differences")->capture_default_str();
    cmd->add_option("--fastq_minmergelen", o.min_merge_len, "Minimum merged length")->capture_default_str();
    cmd->add_option("--fastq_maxmergelen", o.max_merge_len, "Maximum merged length")->capture_default_str();
    cmd->add_option("--fastq_truncqual", o.trunc_qual, "Truncate each read at its first base of this quality or less");
    cmd->add_option("--fastq_minlen", o.min_len, "Minimum read length (also after truncation)")->capture_default_str();
    cmd->add_option("--fastq_maxlen", o.max_len, "Maximum read length");
    cmd->add_option("--fastq_maxns", o.max_ns, "Maximum N bases per read");
    cmd->add_option("--fastq_maxee", o.max_ee, "Maximum expected errors of the merged read");
    cmd->add_flag("--fastq_allowmergestagger", o.allow_stagger, "Merge pairs whose R2 extends past R1's start");
    cmd->add_flag("--fastq_nostagger", f.no_stagger, "Reject staggered pairs (the default)");
    cmd->add_option("--fastq_ascii", o.ascii, "Quality offset, 33 or 64")->capture_default_str();
    cmd->add_option("--fastq_qmin", o.qmin, "Lowest quality value accepted")->capture_default_str();
    cmd->add_option("--fastq_qmax", o.qmax, "Highest quality value accepted (FROGS: 93)")->capture_default_str();
    cmd->add_option("--fastq_qminout", o.qminout, "Lowest merged quality written")->capture_default_str();
    cmd->add_option("--fastq_qmaxout", o.qmaxout, "Highest merged quality written")->capture_default_str();
}

amplicon::PairedSample parse_sample(const std::string& spec) {
    const auto eq = spec.find('=');
    const auto comma = spec.find(',', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || eq == 0 || comma == std::string::npos || comma == eq + 1 || comma + 1 == spec.size())
        throw_usage_error("--sample '" + spec + "': expected NAME=R1,R2");
    return {spec.substr(0, eq), spec.substr(eq + 1, comma - eq - 1), spec.substr(comma + 1)};
}

}  // namespace

CLI::App* add_merge_command(CLI::App& app, MergeFlags& f) {
    CLI::App* cmd = app.add_subcommand(
        "merge", "Merge read pairs (vsearch 2.22.1 --fastq_mergepairs semantics, defaults and failure reasons)");
    cmd->add_option("--fastq_mergepairs,-1", f.forward, "Forward reads (FASTQ, plain or gzip)");
    cmd->add_option("--reverse,-2", f.reverse, "Reverse reads, in the same order");
    cmd->add_option("--sample", f.samples, "NAME=R1,R2 (repeat; labels NAME.<n>;sample=NAME)");
    cmd->add_option("--samples", f.sample_list, "Tab-separated sheet: sample name, R1 path, R2 path (relative paths: from the sheet's folder; # lines skipped)");
    cmd->add_option("--report", f.report, "JSON summary: counts per sample and failure reason");
    add_output_flags(cmd, f.options);
    add_merging_flags(cmd, f);
    return cmd;
}

void finish_merge_flags(MergeFlags& f) {
    if (!f.forward.empty() || !f.reverse.empty()) {
        if (f.forward.empty() || f.reverse.empty()) throw_usage_error("--fastq_mergepairs and --reverse go together");
        f.options.samples.push_back({"", f.forward, f.reverse});
    }
    for (const std::string& spec : f.samples) f.options.samples.push_back(parse_sample(spec));
    if (!f.sample_list.empty()) {
        for (amplicon::PairedSample& s : amplicon::read_sample_sheet(f.sample_list)) f.options.samples.push_back(std::move(s));
    }
}

std::string run_merge_command(MergeFlags& f, int threads, bool quiet, core::ProgressMode progress,
                              const std::string& command_line) {
    const auto start = std::chrono::steady_clock::now();
    finish_merge_flags(f);
    f.options.threads = threads;
    f.options.progress = progress;
    amplicon::validate(f.options);
    const amplicon::MergeSummary s = amplicon::run_merge(f.options);
    if (!quiet) {
        for (const auto& sample : s.samples) {
            if (s.samples.size() > 1) std::cerr << "Sample " << sample.name << ":\n";
            std::cerr << amplicon::format_merge_statistics(sample.counts);
        }
    }
    if (!f.report.empty()) {
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        core::write_file_atomically(f.report, amplicon::merge_report_json(s, command_line, wall), {.sync = false});
    }
    std::string line = std::to_string(s.total.pairs) + " pairs, " + std::to_string(s.total.merged) + " merged";
    if (f.options.keep_unmerged) line += ", " + std::to_string(s.total.combined) + " combined";
    return line;
}

}  // namespace plateau::amplicon_cli
