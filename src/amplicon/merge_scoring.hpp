// Score and quality tables of vsearch 2.22.1's --fastq_mergepairs, indexed by the quality
// characters of the two mates (ASCII, so the tables depend on --fastq_ascii):
//   error probability p(c) = 10^(-Q/10), and 0.75 when Q < 2;
//   observed-match probability m = 1 - px - py + 4/3 px py;
//   match score log2(m / 0.25), mismatch score min(log2((1 - m) / 0.75), -4) (bits);
//   merged quality of agreeing bases  -10 log10(px py / 3 / m),
//   of disagreeing bases (x the better) -10 log10(px (1 - py/3) / (px + py - 4/3 px py))
//   (Edgar & Flyvbjerg 2015), rounded and clamped to [qminout, qmaxout].
// Built once per run and then read-only (shared by the workers).
#pragma once

#include <array>

namespace plateau::amplicon {

struct MergeOptions;

struct MergeTables {
    explicit MergeTables(const MergeOptions& options);

    std::array<std::array<double, 128>, 128> match_score{};
    std::array<std::array<double, 128>, 128> mismatch_score{};
    std::array<std::array<char, 128>, 128> quality_same{};
    std::array<std::array<char, 128>, 128> quality_diff{};  // [better][worse]
    std::array<double, 128> error_probability{};
    int min_diagonal_kmers = 4;  // diagonals scored when they hold at least this many shared 5-mers
    double min_score = 16.0;     // bits; relaxed for --fastq_minovlen below 9 as vsearch does
};

}  // namespace plateau::amplicon
