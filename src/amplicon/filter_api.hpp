// plateau::amplicon filter: FROGS' preprocess filters (length window, N count; filterSeq.py's
// order: length, then N) and vsearch 2.22.1's --fastq_maxee (expected errors
// EE = sum of 10^(-Q/10), a read is discarded when EE > max), each discard reason counted.
// A read is kept exactly when `vsearch --fastq_filter --fastq_minlen MIN --fastq_maxlen MAX
// --fastq_maxns N --fastq_maxee E` keeps it.
#pragma once

#include "core/progress.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace plateau::amplicon {

struct FilterOptions {
    std::string input = "-";   // FASTQ or FASTA (no --max-ee), plain or gzip
    std::string output = "-";  // same format as the input (FASTA with fasta_out); gzip when it ends .gz
    std::uint64_t min_length = 1;  // vsearch --fastq_minlen default
    std::uint64_t max_length = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t max_ns = std::numeric_limits<std::uint64_t>::max();
    double max_ee = std::numeric_limits<double>::infinity();
    int quality_offset = 33;  // --fastq_ascii
    bool fasta_out = false;
    int compression = 4;
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;
    std::string json_out;      // optional JSON report (run envelope + counts)
    std::string command_line;  // recorded in the JSON report
};

struct FilterSummary {
    std::uint64_t reads = 0, bases = 0;
    // First failing reason, in this order: length, N, expected errors.
    std::uint64_t too_short = 0, too_long = 0, too_many_ns = 0, too_many_errors = 0;
    std::uint64_t written = 0, bases_written = 0;
    FilterSummary& operator+=(const FilterSummary& o);
};

enum class FilterVerdict { kept, too_short, too_long, too_many_ns, too_many_errors };

// The per-read test; qual is empty for FASTA. Throws ErrorCode::InvalidInput for a quality
// character below the offset (the caller adds the file and record).
[[nodiscard]] FilterVerdict judge_read(const FilterOptions& options, std::string_view seq, std::string_view qual);
// Expected errors of a quality string, summed in vsearch's order.
[[nodiscard]] double expected_errors(std::string_view qual, int offset);
void count_verdict(FilterVerdict verdict, std::size_t read_length, FilterSummary& summary);

void validate(const FilterOptions& options);
FilterSummary run_filter(const FilterOptions& options);

}  // namespace plateau::amplicon
