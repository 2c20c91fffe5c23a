// plateau-qc public API: options, validation and the run entry point.
// Options are the user's intent and stay immutable; everything inferred from the data (adapters,
// polyG, resolved windows) lives in QcPlan (see plan.hpp).
#pragma once

#include "core/io/sequence_reader.hpp"
#include "core/progress.hpp"

#include <cstdint>
#include <string>

namespace plateau::qc {

struct QualityCutOptions {
    bool enabled = false;
    int window_size = 0;   // 0: use QcOptions::cut_window_size
    int mean_quality = 0;  // 0: use QcOptions::cut_mean_quality
};

enum class PolyGMode { automatic, on, off };

struct QcOptions {
    // Inputs and outputs ("-" is stdin/stdout; names ending in .gz are written gzip-compressed).
    std::string in1, in2;
    bool interleaved_in = false;
    std::string out1, out2, unpaired1, unpaired2, failed_out;
    std::string json_path, html_path;
    std::string fastqc_dir;  // FastQC-format reports: <dir>/<input>_fastqc/{fastqc_data.txt,summary.txt}
    std::string contaminants_path;  // FastQC-format contaminant list; empty: the built-in list
    std::string report_title = "plateau-qc report";
    std::string command_line;  // recorded in the JSON report ("command"), as fastp does
    int threads = 2;
    int compression = 4;  // gzip level for .gz outputs (libdeflate 1-12)
    core::ProgressMode progress = core::ProgressMode::automatic;
    std::uint64_t reads_to_process = 0;  // 0: all
    // FASTQ quality encoding of the inputs; the reader converts to Phred+33, which is what the
    // outputs and statistics use (fastp converts --phred64 input the same way).
    core::QualityEncoding quality_encoding = core::QualityEncoding::phred33;

    // Adapters.
    bool adapter_trimming = true;
    std::string adapter_r1, adapter_r2;  // empty: auto (overlap for pairs, detection for single-end)
    bool detect_adapter_for_pe = false;
    int overlap_len_require = 30;
    int overlap_diff_limit = 5;
    int overlap_diff_percent_limit = 20;

    // Fixed trimming; -1 for read 2 means "same as read 1".
    int trim_front1 = 0, trim_tail1 = 0, trim_front2 = -1, trim_tail2 = -1;
    int max_len1 = 0, max_len2 = 0;

    // Sliding-window quality trimming (fastp's cut_front / cut_tail / cut_right).
    QualityCutOptions cut_front, cut_tail, cut_right;
    int cut_window_size = 4;
    int cut_mean_quality = 20;

    // polyG / polyX tail trimming.
    PolyGMode poly_g = PolyGMode::automatic;
    int poly_g_min_len = 10;
    bool poly_x = false;
    int poly_x_min_len = 10;

    // Filters (fastp defaults).
    bool quality_filter = true;
    int qualified_quality = 15;
    int unqualified_percent_limit = 40;
    int n_base_limit = 5;
    int average_quality = 0;  // 0: off
    bool length_filter = true;
    int length_required = 15;
    int length_limit = 0;  // 0: no limit
    bool low_complexity_filter = false;
    int complexity_threshold = 30;  // percent

    // Statistics.
    bool evaluate_duplication = true;
    int insert_size_max = 512;

    [[nodiscard]] bool paired() const { return !in2.empty() || interleaved_in; }
};

// Checks every option and combination; throws plateau::Error(InvalidInput) naming the flag.
void validate(const QcOptions& options);

struct QcSummary {
    std::uint64_t reads_in = 0;
    std::uint64_t reads_passed = 0;
    double wall_seconds = 0;
};

// Runs QC, trimming and filtering; writes outputs and reports. Throws plateau::Error.
QcSummary run(const QcOptions& options);

}  // namespace plateau::qc
