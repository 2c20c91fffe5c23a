// FastQC's text reports from our modules: fastqc_data.txt (">>Module<TAB>pass|warn|fail", tables
// with '#' headers, ">>END_MODULE") and summary.txt, laid out as FastQC 0.11.9 writes them, so
// that MultiQC's FastQC module reads our results as it reads FastQC's. Modules that are not
// applicable are left out, as FastQC leaves them out.
#pragma once

#include "qc/fastqc_modules.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace plateau::qc {

inline constexpr std::string_view k_fastqc_data_version = "0.11.9";  // the FastQC whose modules we follow

// `filename` is the input's base name (MultiQC names the sample after it).
[[nodiscard]] std::string fastqc_data_text(const std::vector<ModuleResult>& modules, std::string_view filename);
[[nodiscard]] std::string fastqc_summary_text(const std::vector<ModuleResult>& modules, std::string_view filename);

// FastQC's report folder name for an input: its base name without .gz/.bz2/.txt/.fastq/.fq/.sam/
// .bam, plus "_fastqc" ("stdin_fastqc" for "-").
[[nodiscard]] std::string fastqc_folder_name(std::string_view input_path);
// The base name FastQC prints as "Filename" ("stdin" for "-").
[[nodiscard]] std::string fastqc_file_name(std::string_view input_path);

}  // namespace plateau::qc
