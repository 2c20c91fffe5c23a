// plateau::amplicon chimera — de novo chimera detection (UCHIME, Edgar et al. 2011) with
// vsearch 2.22.1 --uchime_denovo's parameters, candidate search and calls.
//   Single sample (no count table): the input's ;size=N abundances; outputs identical to
//     vsearch --uchime_denovo (--chimeras, --nonchimeras, --borderline, --uchimeout, --uchimealns).
//   Per sample (a count table as `derep --counts` writes it): each sample's uniques are checked
//     within the sample (abundance = the sample's count), then FROGS 5.0.2's cross-sample rule
//     removes a sequence everywhere: strict (default) when it is chimeric (Y) in at least one
//     sample, lenient when it is chimeric in every sample where it occurs.
// The calls do not depend on the thread count (speculative parallel evaluation, sequential commit).
#pragma once

#include "core/progress.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct ChimeraOptions {
    std::string input;        // FASTA; ;size=N required without a count table
    std::string counts;       // count table TSV (#id, one column per sample): per-sample mode
    std::string chimeras;     // FASTA of chimeras (per-sample mode: the removed sequences)
    std::string nonchimeras;  // FASTA of non-chimeras (per-sample mode: the kept sequences)
    std::string borderline;   // FASTA of borderline sequences (single-sample mode only)
    std::string uchimeout;    // 18-column table (per-sample mode: a first column names the sample)
    std::string uchimealns;   // alignments of the chimeras (single-sample mode only)
    std::string counts_out;   // the count table without the removed rows (per-sample mode)
    bool lenient = false;     // FROGS --lenient-filter
    bool uchime3 = false;     // vsearch --uchime3_denovo calls (for denoised ASVs; abskew 16 unless given)
    double abskew = 2.0;      // parents at least abskew times as abundant as the query
    double minh = 0.28;       // minimum score for ? and Y
    double mindiv = 0.8;      // minimum divergence (%) between the model and the closest parent
    int mindiffs = 3;         // minimum diffs on each side of the breakpoint
    double xn = 8.0;          // weight of "no" votes
    double dn = 1.4;          // pseudo-count of "no" votes
    std::size_t fasta_width = 80;
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;
};

struct SampleChimeraCounts {
    std::string name;
    std::uint64_t uniques = 0, abundance = 0;                // checked in this sample
    std::uint64_t chimeric = 0, chimeric_abundance = 0, chimeric_max_abundance = 0;  // called Y here
    std::uint64_t borderline = 0, borderline_abundance = 0;  // called ? here
    std::uint64_t removed = 0, removed_abundance = 0, removed_max_abundance = 0;  // by the cross-sample rule
    std::uint64_t kept = 0, kept_abundance = 0;
};

struct ChimeraSummary {
    std::vector<SampleChimeraCounts> samples;  // one ("-" named after the input) without a count table
    std::uint64_t sequences = 0, removed = 0, removed_abundance = 0, kept = 0, kept_abundance = 0;
    std::uint64_t ambiguous = 0, ambiguous_abundance = 0;  // Y in some but not all samples where present
};

void validate(const ChimeraOptions& options);
ChimeraSummary run_chimera(const ChimeraOptions& options);

}  // namespace plateau::amplicon
