// plateau-qc's own flags, in fastp's spellings (both --cut-front and --cut_front), bound straight
// into qc::QcOptions. The common flags (--threads, --quiet, ...) come from core/cli/tool.hpp.
#include "flags.hpp"

#include <cstdint>

namespace plateau::qc_cli {
namespace {

using plateau::qc::QcOptions;

void add_io_options(CLI::App& app, QcOptions& o) {
    auto* g = "Input and output";
    app.add_option("-i,--in1", o.in1, "Read 1 input: FASTQ (plain, gzip, BGZF), or SAM/BAM/CRAM; - for stdin")->group(g);
    app.add_option("-I,--in2", o.in2, "Read 2 input for paired-end data")->group(g);
    app.add_flag("--interleaved-in,--interleaved_in", o.interleaved_in, "Read 1 and read 2 alternate in --in1")->group(g);
    app.add_option("-o,--out1", o.out1, "Read 1 output (gzip if the name ends in .gz; - for stdout)")->group(g);
    app.add_option("-O,--out2", o.out2, "Read 2 output")->group(g);
    app.add_option("--unpaired1", o.unpaired1, "Read 1 whose mate failed the filters")->group(g);
    app.add_option("--unpaired2", o.unpaired2, "Read 2 whose mate failed the filters")->group(g);
    app.add_option("--failed-out,--failed_out", o.failed_out, "Reads that failed, with failed=<reason> in the name")->group(g);
    app.add_option("-j,--json", o.json_path, "JSON report (name it <sample>.fastp.json for MultiQC)")->group(g);
    app.add_option("--html", o.html_path, "Self-contained HTML report")->group(g);
    app.add_option("--fastqc-dir,--fastqc_dir", o.fastqc_dir,
                   "FastQC-format reports for MultiQC: DIR/<input>_fastqc/fastqc_data.txt and summary.txt per input")->group(g);
    app.add_option("--contaminants", o.contaminants_path,
                   "Contaminant list in FastQC's format (name<TAB>sequence) for the overrepresented sequences' "
                   "possible source, e.g. FastQC's /etc/fastqc/Configuration/contaminant_list.txt (default: built-in "
                   "Illumina adapters and primers)")->group(g);
    app.add_option("-R,--report-title,--report_title", o.report_title, "Title of the HTML report")->group(g);
    app.add_option("-z,--compression", o.compression, "gzip level of .gz outputs, 1-12")->capture_default_str()->group(g);
    app.add_flag("-6,--phred64", [&o](std::int64_t) { o.quality_encoding = plateau::core::QualityEncoding::phred64; },
                 "Input qualities are Phred+64 (Illumina 1.3-1.7); outputs are Phred+33")->group(g);
    app.add_flag("--solexa", [&o](std::int64_t) { o.quality_encoding = plateau::core::QualityEncoding::solexa64; },
                 "Input qualities are Solexa+64 (Solexa/Illumina before 1.3), converted to Phred+33")->excludes("--phred64")->group(g);
    app.add_option("--reads-to-process,--reads_to_process", o.reads_to_process, "Stop after this many reads (pairs); 0 = all")->group(g);
}

void add_adapter_options(CLI::App& app, QcOptions& o) {
    auto* g = "Adapter trimming";
    app.add_flag("-A,--disable-adapter-trimming,--disable_adapter_trimming", [&o](std::int64_t) { o.adapter_trimming = false; },
                 "Do not trim adapters")->group(g);
    app.add_option("-a,--adapter-sequence,--adapter_sequence", o.adapter_r1, "Read 1 adapter (default: auto-detect)")->group(g);
    app.add_option("--adapter-sequence-r2,--adapter_sequence_r2", o.adapter_r2, "Read 2 adapter (default: as read 1)")->group(g);
    app.add_flag("-2,--detect-adapter-for-pe,--detect_adapter_for_pe", o.detect_adapter_for_pe,
                 "Pairs: when no built-in adapter is seen, find each mate's adapter de novo "
                 "(single-end reads always are); pairs are always searched by overlap, then by sequence")->group(g);
    app.add_option("--overlap-len-require,--overlap_len_require", o.overlap_len_require, "Minimum pair overlap")->capture_default_str()->group(g);
    app.add_option("--overlap-diff-limit,--overlap_diff_limit", o.overlap_diff_limit, "Maximum mismatches in the overlap")->capture_default_str()->group(g);
    app.add_option("--overlap-diff-percent-limit,--overlap_diff_percent_limit", o.overlap_diff_percent_limit,
                   "Maximum mismatch percentage in the overlap")->capture_default_str()->group(g);
}

void add_trim_options(CLI::App& app, QcOptions& o) {
    auto* g = "Trimming";
    app.add_option("-f,--trim-front1,--trim_front1", o.trim_front1, "Bases to trim from the 5' end of read 1")->group(g);
    app.add_option("-t,--trim-tail1,--trim_tail1", o.trim_tail1, "Bases to trim from the 3' end of read 1")->group(g);
    app.add_option("-F,--trim-front2,--trim_front2", o.trim_front2, "As -f for read 2 (default: as read 1)")->group(g);
    app.add_option("-T,--trim-tail2,--trim_tail2", o.trim_tail2, "As -t for read 2 (default: as read 1)")->group(g);
    app.add_option("-b,--max-len1,--max_len1", o.max_len1, "Cut read 1 to this length (0 = off)")->group(g);
    app.add_option("-B,--max-len2,--max_len2", o.max_len2, "Cut read 2 to this length (0 = off)")->group(g);
    app.add_flag("-5,--cut-front,--cut_front", o.cut_front.enabled, "Sliding-window quality trimming from the 5' end")->group(g);
    app.add_flag("-3,--cut-tail,--cut_tail", o.cut_tail.enabled, "Sliding-window quality trimming from the 3' end")->group(g);
    app.add_flag("-r,--cut-right,--cut_right", o.cut_right.enabled, "Cut at the first low-quality window and everything after it")->group(g);
    app.add_option("-W,--cut-window-size,--cut_window_size", o.cut_window_size, "Window size")->capture_default_str()->group(g);
    app.add_option("-M,--cut-mean-quality,--cut_mean_quality", o.cut_mean_quality, "Window mean quality")->capture_default_str()->group(g);
    app.add_option("--cut-front-window-size,--cut_front_window_size", o.cut_front.window_size, "Window size for --cut-front (default: -W)")->group(g);
    app.add_option("--cut-front-mean-quality,--cut_front_mean_quality", o.cut_front.mean_quality, "Mean quality for --cut-front (default: -M)")->group(g);
    app.add_option("--cut-tail-window-size,--cut_tail_window_size", o.cut_tail.window_size, "Window size for --cut-tail (default: -W)")->group(g);
    app.add_option("--cut-tail-mean-quality,--cut_tail_mean_quality", o.cut_tail.mean_quality, "Mean quality for --cut-tail (default: -M)")->group(g);
    app.add_option("--cut-right-window-size,--cut_right_window_size", o.cut_right.window_size, "Window size for --cut-right (default: -W)")->group(g);
    app.add_option("--cut-right-mean-quality,--cut_right_mean_quality", o.cut_right.mean_quality, "Mean quality for --cut-right (default: -M)")->group(g);
    app.add_flag("-g,--trim-poly-g,--trim_poly_g", [&o](std::int64_t) { o.poly_g = plateau::qc::PolyGMode::on; },
                 "Trim polyG tails (automatic for NextSeq/NovaSeq read names)")->group(g);
    app.add_flag("-G,--disable-trim-poly-g,--disable_trim_poly_g", [&o](std::int64_t) { o.poly_g = plateau::qc::PolyGMode::off; },
                 "Never trim polyG tails")->group(g);
    app.add_option("--poly-g-min-len,--poly_g_min_len", o.poly_g_min_len, "Minimum polyG tail")->capture_default_str()->group(g);
    app.add_flag("-x,--trim-poly-x,--trim_poly_x", o.poly_x, "Trim homopolymer tails of any base")->group(g);
    app.add_option("--poly-x-min-len,--poly_x_min_len", o.poly_x_min_len, "Minimum polyX tail")->capture_default_str()->group(g);
}

void add_filter_options(CLI::App& app, QcOptions& o) {
    auto* g = "Filtering";
    app.add_flag("-Q,--disable-quality-filtering,--disable_quality_filtering", [&o](std::int64_t) { o.quality_filter = false; },
                 "Turn off the quality, N and mean-quality filters")->group(g);
    app.add_option("-q,--qualified-quality-phred,--qualified_quality_phred", o.qualified_quality,
                   "A base is qualified at this Phred score or above")->capture_default_str()->group(g);
    app.add_option("-u,--unqualified-percent-limit,--unqualified_percent_limit", o.unqualified_percent_limit,
                   "Maximum percentage of unqualified bases")->capture_default_str()->group(g);
    app.add_option("-n,--n-base-limit,--n_base_limit", o.n_base_limit, "Maximum N bases")->capture_default_str()->group(g);
    app.add_option("-e,--average-qual,--average_qual", o.average_quality, "Minimum mean quality (0 = off)")->group(g);
    app.add_flag("-L,--disable-length-filtering,--disable_length_filtering", [&o](std::int64_t) { o.length_filter = false; },
                 "Turn off the length filter")->group(g);
    app.add_option("-l,--length-required,--length_required", o.length_required, "Minimum length")->capture_default_str()->group(g);
    app.add_option("--length-limit,--length_limit", o.length_limit, "Maximum length (0 = off)")->group(g);
    app.add_flag("-y,--low-complexity-filter,--low_complexity_filter", o.low_complexity_filter, "Filter low-complexity reads")->group(g);
    app.add_option("-Y,--complexity-threshold,--complexity_threshold", o.complexity_threshold,
                   "Minimum complexity, percent of bases that differ from the next")->capture_default_str()->group(g);
    app.add_flag("--dont-eval-duplication,--dont_eval_duplication", [&o](std::int64_t) { o.evaluate_duplication = false; },
                 "Skip the duplication estimate")->group(g);
}

}  // namespace

void add_qc_flags(CLI::App& app, qc::QcOptions& o) {
    add_io_options(app, o);
    add_adapter_options(app, o);
    add_trim_options(app, o);
    add_filter_options(app, o);
}

}  // namespace plateau::qc_cli
