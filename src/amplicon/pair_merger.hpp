// PairMerger: merges one read pair the way vsearch 2.22.1 --fastq_mergepairs does.
//   1. length checks (--fastq_minlen, --fastq_maxlen), truncation at the first quality
//      <= --fastq_truncqual, minlen again; quality values checked against --fastq_qmin/qmax;
//   2. N bases get quality 0 (in the kept part), --fastq_maxns (forward mate first);
//   3. overlap: every 5-mer shared by R1 and the reverse complement of R2 votes for a diagonal;
//      diagonals with >= 4 votes get an ungapped score (a diagonal whose score fell >= 16 bits
//      below its running maximum scores 0); more than one diagonal >= 16 bits is a "repeat";
//      the best diagonal is then checked in vsearch's order: staggered, maxdiffs, maxdiffpct,
//      no k-mers, score, minovlen, merged length;
//   4. merge: overhangs copied, overlap bases by posterior quality; expected errors <= maxee.
// One PairMerger per worker (it holds scratch space); the tables are shared and read-only.
#pragma once

#include "amplicon/merge_api.hpp"
#include "amplicon/merge_scoring.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

// One pair: filled by the caller (sequences upper-cased), completed by PairMerger::process.
struct MatePair {
    std::string fwd_seq, fwd_qual, rev_seq, rev_qual;  // N qualities become Q0 where vsearch does so
    std::string merged_seq, merged_qual;
    double ee_merged = 0, ee_fwd = 0, ee_rev = 0;
    std::int64_t fwd_errors = 0, rev_errors = 0;
    bool merged = false;
    MergeFailure failure = MergeFailure::too_short;
    // A quality value outside [qmin, qmax] (vsearch stops there): mate 1 or 2, 0-based position.
    int bad_quality_mate = 0;
    std::size_t bad_quality_position = 0;
    int bad_quality_value = 0;
};

class PairMerger {
public:
    PairMerger(const MergeOptions& options, const MergeTables& tables) : m_options(options), m_tables(tables) {}
    void process(MatePair& pair);

private:
    struct Overlap {
        std::int64_t length = 0;  // vsearch's "i": fwd + rev - merged length; 0 when not merged
        MergeFailure failure = MergeFailure::no_kmers;
    };
    // Truncation point of one mate, or -1 after recording a quality out of range.
    std::int64_t truncate(MatePair& pair, int mate, const std::string& qual);
    void count_diagonals(const MatePair& pair, std::int64_t fwd_len, std::int64_t rev_len);
    double score_diagonal(const MatePair& pair, std::int64_t i, std::int64_t& diffs) const;
    Overlap best_overlap(const MatePair& pair);
    void merge(MatePair& pair, std::int64_t overlap) const;

    const MergeOptions& m_options;
    const MergeTables& m_tables;
    std::int64_t m_fwd_trunc = 0, m_rev_trunc = 0;
    std::array<std::int32_t, 1024> m_kmer_head{};  // last forward position of each 5-mer, -1 none
    std::vector<std::int32_t> m_kmer_next;         // previous forward position of the same 5-mer
    std::vector<std::int32_t> m_diagonal_votes;    // indexed by vsearch's i
};

}  // namespace plateau::amplicon
