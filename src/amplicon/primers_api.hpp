// plateau::amplicon primers: 5' and 3' primer removal with cutadapt 4.2's semantics as FROGS 5.0.2
// calls it on merged reads: `cutadapt -g FIVE --error-rate 0.1 --discard-untrimmed
// --match-read-wildcards --overlap len-1`, then the same with `-a THREE` on its output. A read is
// kept only when both primers are found (unless keep_untrimmed); the 5' primer and everything
// before it, the 3' primer and everything after it are removed.
#pragma once

#include "amplicon/primer_aligner.hpp"
#include "core/progress.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plateau::amplicon {

struct PrimerOptions {
    std::string input = "-";   // FASTQ or FASTA, plain or gzip
    std::string output = "-";  // same format as the input (FASTA with fasta_out); gzip when it ends .gz
    std::string five_prime;    // -g: IUPAC; "^PRIMER" anchors it at the read start
    std::string three_prime;   // -a: IUPAC, in read orientation; "PRIMER$" anchors it at the read end
    double error_rate = 0.1;   // -e: rate of the aligned primer length; >= 1: a number of errors
    int overlap = 0;           // -O: minimum aligned primer bases; 0: primer length - 1 (FROGS)
    bool read_wildcards = true;   // --match-read-wildcards (FROGS passes it)
    bool keep_untrimmed = false;  // keep reads without a primer (FROGS discards them)
    bool revcomp = false;  // --revcomp: each pass also tries the reverse complement (FROGS' long reads)
    bool fasta_out = false;
    int compression = 4;  // gzip level of .gz outputs (libdeflate 1-12)
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;
    std::string json_out;      // optional JSON report (run envelope + counts)
    std::string command_line;  // recorded in the JSON report
};

struct PrimerSummary {
    std::uint64_t reads = 0, bases = 0;
    std::uint64_t with_five_prime = 0, with_three_prime = 0;  // found (3' counted on 5'-kept reads)
    std::uint64_t discarded_no_five_prime = 0, discarded_no_three_prime = 0;
    std::uint64_t written = 0, bases_written = 0;
    PrimerSummary& operator+=(const PrimerSummary& o);
};

// What happens to one read: kept as seq[begin, end), or discarded for want of a primer. With
// --revcomp, `reversed` says the kept part is written reverse-complemented, and `flips` how many
// passes chose the reverse complement (cutadapt appends " rc" to the name each time).
struct PrimerCut {
    enum class Fate { kept, no_five_prime, no_three_prime };
    Fate fate = Fate::kept;
    std::size_t begin = 0, end = 0;
    bool five_found = false, three_found = false;
    bool reversed = false;
    int flips = 0;
};


// The per-read step, for run_primers and for chained runs. Built from validated options;
// const and shareable across threads (each thread passes its own scratch).
class PrimerTrimmer {
public:
    explicit PrimerTrimmer(const PrimerOptions& options);
    [[nodiscard]] PrimerCut cut(std::string_view seq, AlignScratch& scratch) const;
    void count(const PrimerCut& cut, std::size_t read_length, PrimerSummary& summary) const;

private:
    [[nodiscard]] PrimerCut cut_both_strands(std::string_view seq, AlignScratch& scratch) const;
    std::optional<PrimerAligner> m_five, m_three;
    bool m_keep_untrimmed = false;
    bool m_revcomp = false;
};

// A primer as cutadapt reads it: uppercase, U as T, I as N, anchor marks removed.
struct PrimerSpec {
    std::string sequence;
    bool anchored = false;
};
// Throws ErrorCode::Usage naming `flag` for an empty primer, a letter that is no IUPAC code, an
// anchor on the wrong end, or a primer of N only.
[[nodiscard]] PrimerSpec parse_primer(const std::string& text, const std::string& flag, bool five_prime);

void validate(const PrimerOptions& options);
PrimerSummary run_primers(const PrimerOptions& options);

}  // namespace plateau::amplicon
