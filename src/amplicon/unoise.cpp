#include "amplicon/unoise.hpp"

#include "amplicon/parallel.hpp"
#include "amplicon/word_candidate.hpp"

#include <algorithm>
#include <cmath>

namespace plateau::amplicon::unoise {

namespace {

constexpr int k_word = 8;
constexpr std::size_t k_consider = 32;            // maxaccepts + maxrejects - 1 candidates at most
constexpr std::uint32_t k_min_word_matches = 12;  // vsearch's default for 8-mers
constexpr double k_weak_id = 0.90;                // vsearch sets --weak_id 0.90 for cluster_unoise

using Candidate = WordCandidate;
constexpr auto better = better_candidate;

// One query's search against the centroids known before its batch.
struct Speculation {
    std::vector<std::uint32_t> kmers;  // the query's unique unmasked 8-mers
    std::vector<Candidate> top;        // ranked, at most k_consider
    std::size_t evaluated = 0;         // top[0, evaluated) decided
    bool accepted = false;             // top[evaluated - 1] accepted
    Assignment hit;
};

struct Worker {
    uchime::AlignWorkspace align;
    std::vector<std::uint16_t> counts;
    std::vector<std::uint32_t> touched;
    std::vector<std::uint8_t> mark;
};

struct Index {
    std::vector<std::vector<std::uint32_t>> lists = std::vector<std::vector<std::uint32_t>>(std::size_t{1} << (2 * k_word));
    std::vector<std::uint32_t> centroids;  // sequence indices, in order of creation
    std::vector<std::uint32_t> cluster_of;  // per sequence
};

std::string format_cigar(const std::vector<uchime::CigarOp>& cigar) {
    std::string out;
    for (const uchime::CigarOp& op : cigar) {
        if (op.run > 1) out += std::to_string(op.run);
        out += op.op;
    }
    return out;
}

Assignment hit_of(const uchime::Alignment& a, std::uint32_t target, double id) {
    Assignment h;
    h.centroid = target;
    h.id = id;
    h.perfect = a.matches == a.columns;
    h.cigar = format_cigar(a.cigar);
    return h;
}

std::uint32_t min_matches(const Speculation& s) {
    return std::min(k_min_word_matches, static_cast<std::uint32_t>(s.kmers.size()));
}

// Ranks the centroids of `index` for query k by shared unique 8-mers.
void rank(const std::vector<Sequence>& seqs, std::size_t k, const Index& index, Worker& w, Speculation& s) {
    uchime::unique_kmers(seqs[k].seq, k_word, s.kmers);
    s.top.clear();
    const std::uint32_t least = min_matches(s);
    auto consider = [&](std::uint32_t c, std::uint32_t count) {
        if (count >= least) s.top.push_back({count, static_cast<std::uint32_t>(seqs[c].seq.size()), c});
    };
    if (least == 0) {
        for (std::uint32_t c : index.centroids) consider(c, 0);
    } else {
        if (w.counts.size() < seqs.size()) w.counts.assign(seqs.size(), 0);
        if (w.touched.size() < seqs.size()) w.touched.resize(seqs.size());
        std::size_t n_touched = 0;
        for (std::uint32_t kmer : s.kmers) {
            for (std::uint32_t c : index.lists[kmer]) {
                w.touched[n_touched] = c;
                n_touched += w.counts[c]++ == 0;
            }
        }
        for (std::size_t x = 0; x < n_touched; ++x) {
            consider(w.touched[x], w.counts[w.touched[x]]);
            w.counts[w.touched[x]] = 0;
        }
    }
    const std::size_t keep = std::min(k_consider, s.top.size());
    std::partial_sort(s.top.begin(), s.top.begin() + static_cast<std::ptrdiff_t>(keep), s.top.end(), better);
    s.top.resize(keep);
}

// Aligns the ranked candidates in groups of 8 (vsearch's delayed alignments) up to the first accepted.
void evaluate(const std::vector<Sequence>& seqs, std::size_t k, double alpha, Worker& w, Speculation& s) {
    s.evaluated = 0;
    s.accepted = false;
    uchime::Alignment alns[uchime::k_align_lanes];
    for (std::size_t i = 0; i < s.top.size(); i += uchime::k_align_lanes) {
        const std::size_t count = std::min(uchime::k_align_lanes, s.top.size() - i);
        std::string_view targets[uchime::k_align_lanes];
        for (std::size_t l = 0; l < count; ++l) targets[l] = seqs[s.top[i + l].target].seq;
        uchime::align_batch(seqs[k].seq, targets, count, w.align, alns);
        for (std::size_t l = 0; l < count; ++l) {
            const std::uint32_t target = s.top[i + l].target;
            double id = 0.0;
            ++s.evaluated;
            if (accepts(alns[l], seqs[k].size, seqs[target].size, alpha, id)) {
                s.accepted = true;
                s.hit = hit_of(alns[l], target, id);
                return;
            }
        }
    }
}

// Query k's ranked list with the centroids created in its batch before it (`fresh`) merged in.
std::vector<Candidate> merged_candidates(const std::vector<Sequence>& seqs, const std::vector<Speculation>& specs,
                                         const Speculation& s, std::size_t batch_start,
                                         const std::vector<std::uint32_t>& fresh, Worker& w) {
    if (w.mark.empty()) w.mark.assign(std::size_t{1} << (2 * k_word), 0);
    for (std::uint32_t kmer : s.kmers) w.mark[kmer] = 1;
    std::vector<Candidate> merged = s.top;
    const std::uint32_t least = min_matches(s);
    for (std::uint32_t c : fresh) {
        std::uint32_t shared = 0;
        for (std::uint32_t kmer : specs[c - batch_start].kmers) shared += w.mark[kmer];
        if (shared >= least) merged.push_back({shared, static_cast<std::uint32_t>(seqs[c].seq.size()), c});
    }
    for (std::uint32_t kmer : s.kmers) w.mark[kmer] = 0;
    std::sort(merged.begin(), merged.end(), better);
    merged.resize(std::min(k_consider, merged.size()));
    return merged;
}

// The sequential decision for query k when centroids were created in its batch before it
// (`fresh`, ascending): the older candidates keep their speculative verdicts; the fresh ones are
// aligned here, 8 at a time in ranked order as they are reached.
Assignment resolve(const std::vector<Sequence>& seqs, std::size_t k, const std::vector<Speculation>& specs,
                   std::size_t batch_start, const std::vector<std::uint32_t>& fresh, double alpha, Worker& w) {
    const Speculation& s = specs[k - batch_start];
    const std::vector<Candidate> merged = merged_candidates(seqs, specs, s, batch_start, fresh, w);
    std::vector<std::uint32_t> ranked_fresh;
    for (const Candidate& c : merged) {
        if (c.target >= batch_start) ranked_fresh.push_back(c.target);
    }
    uchime::Alignment alns[uchime::k_align_lanes];
    std::size_t known = 0;  // position in s.top of the next centroid known before the batch
    std::size_t next = 0, aligned_from = 0, aligned_to = 0;  // in ranked_fresh
    for (const Candidate& c : merged) {
        if (c.target < batch_start) {
            if (s.accepted && known + 1 == s.evaluated) return s.hit;
            ++known;  // rejected by the speculative search
            continue;
        }
        if (next == aligned_to) {
            aligned_from = next;
            const std::size_t count = std::min(uchime::k_align_lanes, ranked_fresh.size() - next);
            std::string_view targets[uchime::k_align_lanes];
            for (std::size_t l = 0; l < count; ++l) targets[l] = seqs[ranked_fresh[next + l]].seq;
            uchime::align_batch(seqs[k].seq, targets, count, w.align, alns);
            aligned_to = next + count;
        }
        const uchime::Alignment& a = alns[next++ - aligned_from];
        double id = 0.0;
        if (accepts(a, seqs[k].size, seqs[c.target].size, alpha, id)) return hit_of(a, c.target, id);
    }
    return {};
}

void add_centroid(Index& index, std::uint32_t k, const std::vector<std::uint32_t>& kmers) {
    for (std::uint32_t kmer : kmers) index.lists[kmer].push_back(k);
    index.centroids.push_back(k);
}

}  // namespace

bool skew_accepts(std::uint64_t query_size, std::uint64_t target_size, std::uint32_t mismatches, double alpha) {
    const double skew = 1.0 * static_cast<double>(query_size) / static_cast<double>(target_size);
    const double beta = 1.0 / std::pow(2, 1.0 * alpha * mismatches + 1);
    return skew <= beta || mismatches == 0;
}

bool accepts(const uchime::Alignment& a, std::uint64_t query_size, std::uint64_t target_size, double alpha,
             double& id) {
    id = uchime::identity_without_end_gaps(a);
    if (!(id >= 100.0 * k_weak_id)) return false;
    if (a.matches + a.mismatches == 0) return false;  // vsearch's --mid test: 0/0 fails ">= 0"
    if (!(id <= 100.0 * 1.0)) return false;
    return skew_accepts(query_size, target_size, a.mismatches, alpha);
}

std::vector<Assignment> denoise(const std::vector<Sequence>& seqs, const Params& p, Stats& stats,
                                const std::function<void(std::size_t)>& progress) {
    std::vector<Assignment> out(seqs.size());
    Index index;
    index.cluster_of.assign(seqs.size(), 0);
    std::vector<Worker> workers(static_cast<std::size_t>(std::max(1, p.threads)));
    std::vector<Speculation> specs;
    for (std::size_t start = 0; start < seqs.size();) {
        // one thread: one query at a time (nothing to merge); more: batches that grow with the input
        const std::size_t batch = p.threads <= 1 ? 1 : std::clamp<std::size_t>(start / 4, 64, 4096);
        const std::size_t end = std::min(seqs.size(), start + batch);
        specs.resize(end - start);
        parallel_chunks(end - start, 8, p.threads, [&](std::size_t, std::size_t b, std::size_t e, int worker) {
            for (std::size_t i = b; i < e; ++i) {
                rank(seqs, start + i, index, workers[static_cast<std::size_t>(worker)], specs[i]);
                evaluate(seqs, start + i, p.alpha, workers[static_cast<std::size_t>(worker)], specs[i]);
            }
        });
        std::vector<std::uint32_t> fresh;
        for (std::size_t k = start; k < end; ++k) {
            const Speculation& s = specs[k - start];
            Assignment a = s.accepted ? s.hit : Assignment{};
            if (!fresh.empty()) {
                a = resolve(seqs, k, specs, start, fresh, p.alpha, workers[0]);
                ++stats.merged;
            }
            if (a.centroid < 0) {
                a.cluster = static_cast<std::uint32_t>(index.centroids.size());
                add_centroid(index, static_cast<std::uint32_t>(k), s.kmers);
                fresh.push_back(static_cast<std::uint32_t>(k));
            } else {
                a.cluster = index.cluster_of[static_cast<std::size_t>(a.centroid)];
            }
            index.cluster_of[k] = a.cluster;
            out[k] = std::move(a);
        }
        start = end;
        progress(end);
    }
    stats.centroids = index.centroids.size();
    return out;
}

}  // namespace plateau::amplicon::unoise
