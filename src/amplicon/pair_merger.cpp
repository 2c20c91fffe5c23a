// The steps of PairMerger follow vsearch 2.22.1's mergepairs.cc (process, optimize, merge) in
// order and arithmetic, so that scores, thresholds and qualities come out the same; the code is
// our own (5-mer votes from a position chain instead of vsearch's hash table: same counts).
#include "amplicon/pair_merger.hpp"

#include <algorithm>

namespace plateau::amplicon {

namespace {

constexpr int k_kmer = 5;
constexpr double k_max_drop = 16.0;  // bits below the running maximum that void a diagonal

// Complement of an upper-cased IUPAC letter (vsearch's map; anything else becomes N).
constexpr char complement(char c) {
    switch (c) {
        case 'A': return 'T';
        case 'B': return 'V';
        case 'C': return 'G';
        case 'D': return 'H';
        case 'G': return 'C';
        case 'H': return 'D';
        case 'K': return 'M';
        case 'M': return 'K';
        case 'R': return 'Y';
        case 'S': return 'S';
        case 'T': case 'U': return 'A';
        case 'V': return 'B';
        case 'W': return 'W';
        case 'Y': return 'R';
        default: return 'N';
    }
}

// 2-bit code of A, C, G, T/U; -1 for every other letter (no k-mer spans it).
constexpr int base_code(char c) {
    switch (c) {
        case 'A': return 0;
        case 'C': return 1;
        case 'G': return 2;
        case 'T': case 'U': return 3;
        default: return -1;
    }
}

}  // namespace

std::int64_t PairMerger::truncate(MatePair& pair, int mate, const std::string& qual) {
    const auto len = static_cast<std::int64_t>(qual.size());
    for (std::int64_t i = 0; i < len; ++i) {
        const int q = static_cast<unsigned char>(qual[static_cast<std::size_t>(i)]) - m_options.ascii;
        if (q < m_options.qmin || q > m_options.qmax) {
            pair.bad_quality_mate = mate;
            pair.bad_quality_position = static_cast<std::size_t>(i);
            pair.bad_quality_value = q;
            return -1;
        }
        if (q <= m_options.trunc_qual) return i;
    }
    return len;
}

void PairMerger::count_diagonals(const MatePair& pair, std::int64_t fwd_len, std::int64_t rev_len) {
    m_kmer_head.fill(-1);
    m_kmer_next.resize(static_cast<std::size_t>(std::max<std::int64_t>(fwd_len, 1)));
    m_diagonal_votes.assign(static_cast<std::size_t>(fwd_len + rev_len + 1), 0);
    unsigned code = 0;
    int run = 0;
    for (std::int64_t pos = 0; pos < fwd_len; ++pos) {
        const int b = base_code(pair.fwd_seq[static_cast<std::size_t>(pos)]);
        run = b < 0 ? 0 : run + 1;
        code = ((code << 2) | static_cast<unsigned>(b < 0 ? 0 : b)) & 1023U;
        if (run < k_kmer) continue;
        const auto start = static_cast<std::int32_t>(pos - k_kmer + 1);
        m_kmer_next[static_cast<std::size_t>(start)] = m_kmer_head[code];
        m_kmer_head[code] = start;
    }
    code = 0;
    run = 0;
    for (std::int64_t pos = 0; pos < rev_len; ++pos) {  // along the reverse complement of R2
        const char c = pair.rev_seq[static_cast<std::size_t>(rev_len - 1 - pos)];
        const int b = base_code(c) < 0 ? -1 : base_code(complement(c));
        run = b < 0 ? 0 : run + 1;
        code = ((code << 2) | static_cast<unsigned>(b < 0 ? 0 : b)) & 1023U;
        if (run < k_kmer) continue;
        const std::int64_t rc_start = pos - k_kmer + 1;
        for (std::int32_t f = m_kmer_head[code]; f >= 0; f = m_kmer_next[static_cast<std::size_t>(f)])
            ++m_diagonal_votes[static_cast<std::size_t>(fwd_len - f + rc_start)];
    }
}

// Ungapped score of the alignment where merged length = fwd + rev - i, walked from the 3' end of
// the forward read's aligned part, as vsearch does (the drop rule depends on that direction).
double PairMerger::score_diagonal(const MatePair& pair, std::int64_t i, std::int64_t& diffs) const {
    const std::int64_t fwd3 = i > m_rev_trunc ? i - m_rev_trunc : 0;
    const std::int64_t rev3 = i > m_fwd_trunc ? i - m_fwd_trunc : 0;
    const std::int64_t overlap = i - fwd3 - rev3;
    auto fpos = static_cast<std::size_t>(m_fwd_trunc - fwd3 - 1);
    auto rpos = static_cast<std::size_t>(m_rev_trunc - rev3 - overlap);
    double score = 0.0, high = 0.0, drop = 0.0;
    diffs = 0;
    for (std::int64_t j = 0; j < overlap; ++j, --fpos, ++rpos) {
        const auto fq = static_cast<unsigned char>(pair.fwd_qual[fpos]) & 127U;
        const auto rq = static_cast<unsigned char>(pair.rev_qual[rpos]) & 127U;
        if (pair.fwd_seq[fpos] == complement(pair.rev_seq[rpos])) {
            score += m_tables.match_score[fq][rq];
            high = std::max(high, score);
        } else {
            score += m_tables.mismatch_score[fq][rq];
            ++diffs;
            if (score < high - drop) drop = high - score;
        }
    }
    return drop >= k_max_drop ? 0.0 : score;
}

PairMerger::Overlap PairMerger::best_overlap(const MatePair& pair) {
    count_diagonals(pair, m_fwd_trunc, m_rev_trunc);
    double best_score = 0.0;
    std::int64_t best_i = 0, best_diffs = 0;
    int hits = 0;
    bool kmers = false;
    for (std::int64_t i = 1; i <= m_fwd_trunc + m_rev_trunc - 1; ++i) {
        if (m_diagonal_votes[static_cast<std::size_t>(i)] < m_tables.min_diagonal_kmers) continue;
        kmers = true;
        std::int64_t diffs = 0;
        const double score = score_diagonal(pair, i, diffs);
        if (score >= m_tables.min_score) ++hits;
        if (score > best_score) {
            best_score = score;
            best_i = i;
            best_diffs = diffs;
        }
    }
    const MergeOptions& o = m_options;
    const std::int64_t merged_len = m_fwd_trunc + m_rev_trunc - best_i;
    if (hits > 1) return {0, MergeFailure::repeat};
    if (!o.allow_stagger && best_i > m_fwd_trunc) return {0, MergeFailure::staggered};
    if (best_diffs > o.max_diffs) return {0, MergeFailure::too_many_diffs};
    // best_i == 0 gives 0/0 (NaN), which is never above the limit: as in vsearch.
    if (100.0 * static_cast<double>(best_diffs) / static_cast<double>(best_i) > o.max_diff_pct)
        return {0, MergeFailure::diff_pct_too_high};
    if (!kmers) return {0, MergeFailure::no_kmers};
    if (best_score < m_tables.min_score) return {0, MergeFailure::score_too_low};
    if (best_i < o.min_overlap) return {0, MergeFailure::overlap_too_short};
    if (merged_len < o.min_merge_len) return {0, MergeFailure::merged_too_short};
    if (merged_len > o.max_merge_len) return {0, MergeFailure::merged_too_long};
    return {best_i, MergeFailure::too_short};
}

void PairMerger::merge(MatePair& p, std::int64_t offset) const {
    const auto& q2p = m_tables.error_probability;
    p.merged_seq.clear();
    p.merged_qual.clear();
    p.ee_merged = p.ee_fwd = p.ee_rev = 0.0;
    p.fwd_errors = p.rev_errors = 0;
    auto put = [&](char sym, char qual) {
        p.merged_seq.push_back(sym);
        p.merged_qual.push_back(qual);
        p.ee_merged += q2p[static_cast<unsigned char>(qual) & 127U];
    };
    std::int64_t fwd_pos = 0;
    for (const std::int64_t overhang = std::max<std::int64_t>(m_fwd_trunc - offset, 0); fwd_pos < overhang; ++fwd_pos) {
        const auto k = static_cast<std::size_t>(fwd_pos);
        put(p.fwd_seq[k], p.fwd_qual[k]);
        p.ee_fwd += q2p[static_cast<unsigned char>(p.fwd_qual[k]) & 127U];
    }
    std::int64_t rev_pos = m_rev_trunc - 1 - std::max<std::int64_t>(offset - m_fwd_trunc, 0);
    for (; fwd_pos < m_fwd_trunc && rev_pos >= 0; ++fwd_pos, --rev_pos) {
        const char fs = p.fwd_seq[static_cast<std::size_t>(fwd_pos)];
        const char rs = complement(p.rev_seq[static_cast<std::size_t>(rev_pos)]);
        const char fq = p.fwd_qual[static_cast<std::size_t>(fwd_pos)];
        const char rq = p.rev_qual[static_cast<std::size_t>(rev_pos)];
        const auto ufq = static_cast<unsigned char>(fq) & 127U, urq = static_cast<unsigned char>(rq) & 127U;
        char sym = 0, qual = 0;
        if (rs == 'N') {
            sym = fs, qual = fq;
        } else if (fs == 'N') {
            sym = rs, qual = rq;
        } else if (fs == rs) {
            sym = fs, qual = m_tables.quality_same[ufq][urq];
        } else if (fq > rq) {
            sym = fs, qual = m_tables.quality_diff[ufq][urq];
        } else {
            sym = rs, qual = m_tables.quality_diff[urq][ufq];
        }
        p.fwd_errors += sym != fs ? 1 : 0;
        p.rev_errors += sym != rs ? 1 : 0;
        put(sym, qual);
        p.ee_fwd += q2p[ufq];
        p.ee_rev += q2p[urq];
    }
    for (; rev_pos >= 0; --rev_pos) {
        const auto k = static_cast<std::size_t>(rev_pos);
        put(complement(p.rev_seq[k]), p.rev_qual[k]);
        p.ee_rev += q2p[static_cast<unsigned char>(p.rev_qual[k]) & 127U];
    }
    p.merged = p.ee_merged <= m_options.max_ee;
    if (!p.merged) p.failure = MergeFailure::ee_too_high;
}

// Returns with pair.merged set, or pair.failure saying why not (bad_quality_mate != 0: a quality
// value out of range, which stops the run).
void PairMerger::process(MatePair& pair) {
    const MergeOptions& o = m_options;
    pair.merged = false;
    pair.bad_quality_mate = 0;
    const auto fwd_len = static_cast<std::int64_t>(pair.fwd_seq.size());
    const auto rev_len = static_cast<std::int64_t>(pair.rev_seq.size());
    bool skip = false;
    if (fwd_len < o.min_len || rev_len < o.min_len) pair.failure = MergeFailure::too_short, skip = true;
    if (fwd_len > o.max_len || rev_len > o.max_len) pair.failure = MergeFailure::too_long, skip = true;
    m_fwd_trunc = fwd_len;
    if (!skip) {
        m_fwd_trunc = truncate(pair, 1, pair.fwd_qual);
        if (m_fwd_trunc < 0) return;
        if (m_fwd_trunc < o.min_len) pair.failure = MergeFailure::too_short, skip = true;
    }
    m_rev_trunc = rev_len;
    if (!skip) {
        m_rev_trunc = truncate(pair, 2, pair.rev_qual);
        if (m_rev_trunc < 0) return;
        if (m_rev_trunc < o.min_len) pair.failure = MergeFailure::too_short, skip = true;
    }
    for (int mate = 1; mate <= 2 && !skip; ++mate) {  // N: quality 0, then --fastq_maxns
        std::string& seq = mate == 1 ? pair.fwd_seq : pair.rev_seq;
        std::string& qual = mate == 1 ? pair.fwd_qual : pair.rev_qual;
        std::int64_t ns = 0;
        for (std::int64_t i = 0; i < (mate == 1 ? m_fwd_trunc : m_rev_trunc); ++i) {
            if (seq[static_cast<std::size_t>(i)] != 'N') continue;
            qual[static_cast<std::size_t>(i)] = static_cast<char>(o.ascii);
            ++ns;
        }
        if (ns > o.max_ns) pair.failure = MergeFailure::too_many_ns, skip = true;
    }
    if (skip) return;
    const Overlap overlap = best_overlap(pair);
    if (overlap.length > 0) {
        merge(pair, overlap.length);
    } else {
        pair.failure = overlap.failure;
    }
}

}  // namespace plateau::amplicon
