#include "amplicon/uchime_search.hpp"

#include "amplicon/uchime_score.hpp"
#include "amplicon/word_candidate.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace plateau::amplicon::uchime {

namespace {

constexpr int k_word = 8;
constexpr std::size_t k_parts = 4;
constexpr std::size_t k_top = 20;       // maxaccepts + maxrejects
constexpr int k_max_accepts = 4;
constexpr int k_max_rejects = 16;
constexpr int k_delayed = 8;            // alignments are evaluated in groups of 8
constexpr std::uint32_t k_min_word_matches = 12;  // vsearch's default for 8-mers

using Candidate = WordCandidate;
constexpr auto better = better_candidate;

struct Hit {
    std::uint32_t target = 0;
    bool rejected = false, accepted = false;
    double id = 0.0;
};

bool same_codes(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (code4(a[i]) != code4(b[i])) return false;
    }
    return true;
}

// The top 20 database entries by shared unique k-mers (count >= min(12, k-mers in the chunk)).
void top_candidates(const QuerySet& set, std::size_t k, std::string_view chunk, const DatabaseView& db,
                    Workspace& ws, std::vector<Candidate>& top) {
    top.clear();
    unique_kmers(chunk, k_word, ws.kmers);
    const auto kmer_count = static_cast<std::uint32_t>(ws.kmers.size());
    const std::uint32_t min_matches = std::min(k_min_word_matches, kmer_count);
    auto consider = [&](std::uint32_t i, std::uint32_t count) {
        if (count < min_matches || !db.includes(i)) return;
        top.push_back({count, static_cast<std::uint32_t>(set.queries[i].seq.size()), i});
    };
    if (min_matches == 0) {
        for (std::uint32_t i = 0; i < k; ++i) consider(i, 0);
    } else {
        if (ws.counts.size() < set.queries.size()) ws.counts.assign(set.queries.size(), 0);
        if (ws.touched.size() < set.queries.size()) ws.touched.resize(set.queries.size());
        std::uint16_t* counts = ws.counts.data();
        std::uint32_t* touched = ws.touched.data();
        std::size_t n_touched = 0;
        for (std::uint32_t kmer : ws.kmers) {
            const std::uint32_t* e = set.kmer_entries.data() + set.kmer_offsets[kmer];
            const std::uint32_t* end = set.kmer_entries.data() + set.kmer_offsets[kmer + 1];
            for (; e != end && *e < k; ++e) {  // branch-free: a first hit keeps its slot in `touched`
                touched[n_touched] = *e;
                n_touched += counts[*e]++ == 0;
            }
        }
        for (std::size_t x = 0; x < n_touched; ++x) {
            consider(touched[x], counts[touched[x]]);
            counts[touched[x]] = 0;
        }
    }
    const std::size_t keep = std::min(k_top, top.size());
    std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(keep), top.end(), better);
    top.resize(keep);
}

// Accept/reject after alignment (usearch-like search with vsearch's defaults): identity over the
// alignment without terminal gaps >= 55 %.
bool accept_aligned(const Alignment& a, double& id) {
    id = identity_without_end_gaps(a);
    if (a.matches + a.mismatches == 0) return false;  // vsearch: 0/0 identity fails its ">= 0" test
    return id <= 100.0 * 1.0 && id >= 100.0 * 0.55;
}

struct ChunkSearch {
    const QuerySet& set;
    const Query& query;
    std::string_view chunk;
    double max_size_ratio;
    Workspace& ws;
    std::vector<Hit> hits;
    int accepts = 0, rejects = 0;
    std::size_t finalized = 0;
    Alignment alignments[k_align_lanes];

    bool acceptable_unaligned(std::uint32_t target) const {
        const Query& t = set.queries[target];
        return static_cast<double>(query.size) <= max_size_ratio * static_cast<double>(t.size) &&
               query.label != t.label && !same_codes(chunk, t.seq);
    }
    void align_delayed() {
        std::string_view targets[k_align_lanes];
        std::size_t count = 0;
        for (std::size_t x = finalized; x < hits.size(); ++x) {
            if (!hits[x].rejected) targets[count++] = set.queries[hits[x].target].seq;
        }
        align_batch(chunk, targets, count, ws.align, alignments);
        std::size_t next = 0;
        for (std::size_t x = finalized; x < hits.size(); ++x) {
            if (rejects >= k_max_rejects || accepts >= k_max_accepts) break;
            Hit& hit = hits[x];
            if (hit.rejected) { ++rejects; continue; }
            if (accept_aligned(alignments[next++], hit.id)) {
                hit.accepted = true;
                ++accepts;
            } else {
                hit.rejected = true;
                ++rejects;
            }
        }
        finalized = hits.size();
    }
    void run(const std::vector<Candidate>& top) {
        int delayed = 0;
        for (std::size_t next = 0; finalized + static_cast<std::size_t>(delayed) < k_top - 1 &&
                                   rejects < k_max_rejects && accepts < k_max_accepts && next < top.size();
             ++next) {
            Hit hit{top[next].target, false, false, 0.0};
            if (acceptable_unaligned(hit.target)) {
                ++delayed;
            } else {
                hit.rejected = true;
            }
            hits.push_back(hit);
            if (delayed == k_delayed) { align_delayed(); delayed = 0; }
        }
        if (delayed > 0) align_delayed();
    }
};

}  // namespace

QuerySet build_query_set(std::vector<Query> queries) {
    std::vector<std::uint32_t> order(queries.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (queries[a].size != queries[b].size) return queries[a].size > queries[b].size;
        return std::strcmp(queries[a].label.c_str(), queries[b].label.c_str()) < 0;
    });
    QuerySet set;
    set.queries.reserve(queries.size());
    for (std::uint32_t i : order) set.queries.push_back(std::move(queries[i]));
    for (Query& q : set.queries) dust_mask(q.seq);
    // two passes over the k-mers (count, then fill) rather than holding every list twice
    std::vector<std::uint32_t> kmers;
    set.kmer_offsets.assign((std::size_t{1} << (2 * k_word)) + 1, 0);
    for (const Query& q : set.queries) {
        unique_kmers(q.seq, k_word, kmers);
        for (std::uint32_t kmer : kmers) ++set.kmer_offsets[kmer + 1];
    }
    for (std::size_t x = 1; x < set.kmer_offsets.size(); ++x) set.kmer_offsets[x] += set.kmer_offsets[x - 1];
    set.kmer_entries.resize(set.kmer_offsets.back());
    std::vector<std::uint32_t> fill(set.kmer_offsets.begin(), set.kmer_offsets.end() - 1);
    for (std::size_t i = 0; i < set.queries.size(); ++i) {
        unique_kmers(set.queries[i].seq, k_word, kmers);
        for (std::uint32_t kmer : kmers) set.kmer_entries[fill[kmer]++] = static_cast<std::uint32_t>(i);
    }
    return set;
}

Result evaluate_query(const QuerySet& set, std::size_t k, const DatabaseView& db, const Params& p, Workspace& ws) {
    Result result;
    const Query& query = set.queries[k];
    const std::string_view seq = query.seq;
    std::vector<std::uint32_t> candidates;
    if (seq.size() >= k_parts) {
        std::vector<Candidate> top;
        std::size_t rest = seq.size(), start = 0;
        for (std::size_t part = 0; part < k_parts; ++part) {
            const std::size_t len = (rest + (k_parts - 1 - part)) / (k_parts - part);
            ChunkSearch search{set, query, seq.substr(start, len), 1.0 / p.abskew, ws, {}, 0, 0, 0, {}};
            top_candidates(set, k, search.chunk, db, ws, top);
            for (const Candidate& c : top) result.considered.push_back(c.target);
            search.run(top);
            std::vector<Hit> accepted;
            for (const Hit& h : search.hits) {
                if (h.accepted) accepted.push_back(h);
            }
            std::sort(accepted.begin(), accepted.end(), [](const Hit& a, const Hit& b) {
                return a.id != b.id ? a.id > b.id : a.target < b.target;
            });
            for (const Hit& h : accepted) {
                if (std::find(candidates.begin(), candidates.end(), h.target) == candidates.end()) {
                    candidates.push_back(h.target);
                }
            }
            rest -= len;
            start += len;
        }
    }
    std::vector<Alignment> full(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); i += k_align_lanes) {
        std::string_view targets[k_align_lanes];
        const std::size_t count = std::min(k_align_lanes, candidates.size() - i);
        for (std::size_t l = 0; l < count; ++l) targets[l] = set.queries[candidates[i + l]].seq;
        align_batch(seq, targets, count, ws.align, full.data() + i);
    }
    score_query(set, k, candidates, full, p, result);
    return result;
}

}  // namespace plateau::amplicon::uchime
