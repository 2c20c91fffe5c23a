// affiliate_by_alignment: 8-mer candidates, overlap alignment in candidate order with an exact
// stopping bound, ties at the best score, FROGS' consensus (affiliation_align.hpp).
#include "amplicon/affiliation_align.hpp"

#include "amplicon/overlap_alignment.hpp"
#include "amplicon/parallel.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <tuple>

namespace plateau::amplicon {

namespace {

constexpr int k_word = 8;
constexpr std::uint32_t k_words = 1U << (2 * k_word);

// Words of a coded sequence: every position whose 8 letters are all A/C/G/T, in order.
std::vector<std::uint32_t> words_of(const std::vector<std::uint8_t>& codes) {
    std::vector<std::uint32_t> words;
    std::uint32_t word = 0;
    int valid = 0;
    for (std::uint8_t c : codes) {
        if (c > 3) { valid = 0; continue; }
        word = ((word << 2) | c) & (k_words - 1);
        if (++valid >= k_word) words.push_back(word);
    }
    return words;
}

// For each word, the references that contain it (ascending), as one array with offsets.
struct WordIndex {
    std::vector<std::uint32_t> offsets;  // k_words + 1
    std::vector<std::uint32_t> references;
};

WordIndex build_word_index(const std::vector<std::vector<std::uint8_t>>& references) {
    WordIndex index;
    std::vector<std::vector<std::uint32_t>> distinct(references.size());
    index.offsets.assign(k_words + 1, 0);
    for (std::size_t r = 0; r < references.size(); ++r) {
        distinct[r] = words_of(references[r]);
        std::sort(distinct[r].begin(), distinct[r].end());
        distinct[r].erase(std::unique(distinct[r].begin(), distinct[r].end()), distinct[r].end());
        for (std::uint32_t w : distinct[r]) ++index.offsets[w + 1];
    }
    for (std::uint32_t w = 0; w < k_words; ++w) index.offsets[w + 1] += index.offsets[w];
    index.references.resize(index.offsets[k_words]);
    std::vector<std::uint32_t> fill(index.offsets.begin(), index.offsets.end() - 1);
    for (std::size_t r = 0; r < references.size(); ++r) {
        for (std::uint32_t w : distinct[r]) index.references[fill[w]++] = static_cast<std::uint32_t>(r);
    }
    return index;
}

std::vector<std::uint8_t> reverse_complement(const std::vector<std::uint8_t>& codes) {
    std::vector<std::uint8_t> out(codes.rbegin(), codes.rend());
    for (std::uint8_t& c : out) c = c < 4 ? static_cast<std::uint8_t>(3 - c) : c;  // other letters stay mismatches
    return out;
}

struct Candidate {
    std::uint32_t present = 0;  // query word positions whose word occurs in the reference
    std::uint32_t reference = 0;
    bool reverse = false;
};

struct Scratch {
    std::vector<std::uint32_t> present;
    std::vector<std::uint32_t> touched;
    std::vector<Candidate> candidates;
    OverlapWorkspace ws;
};

void add_candidates(const WordIndex& index, const std::vector<std::uint8_t>& query, bool reverse, Scratch& s) {
    std::vector<std::uint32_t> words = words_of(query);
    std::sort(words.begin(), words.end());
    for (std::size_t i = 0; i < words.size();) {
        std::size_t j = i;
        while (j < words.size() && words[j] == words[i]) ++j;
        const auto positions = static_cast<std::uint32_t>(j - i);
        for (std::uint32_t k = index.offsets[words[i]]; k < index.offsets[words[i] + 1]; ++k) {
            const std::uint32_t r = index.references[k];
            if (s.present[r] == 0) s.touched.push_back(r);
            s.present[r] += positions;
        }
        i = j;
    }
    for (std::uint32_t r : s.touched) {
        s.candidates.push_back({s.present[r], r, reverse});
        s.present[r] = 0;
    }
    s.touched.clear();
}

// The best score a candidate can reach (see the header): 2 x length - ceil(3/4 x absent windows).
int score_bound(std::size_t length, std::uint32_t present) {
    const std::size_t windows = length >= k_word ? length - k_word + 1 : 0;
    const std::size_t absent = windows - std::min<std::size_t>(windows, present);
    return static_cast<int>(k_overlap_match * length) - static_cast<int>((3 * absent + 3) / 4);
}

}  // namespace

void validate(const AlignAffiliationOptions& o) {
    if (o.threads < 1) throw_usage_error("--threads " + std::to_string(o.threads) + ": must be at least 1");
}

std::vector<std::string> multi_affiliation_consensus(const std::vector<const std::vector<std::string>*>& lineages,
                                                     std::size_t ranks) {
    std::vector<std::string> names(ranks);
    if (lineages.empty()) return names;
    bool multi = false;
    for (std::size_t rank = 0; rank < ranks; ++rank) {
        const std::string& first = (*lineages.front())[rank];
        multi = multi || std::any_of(lineages.begin(), lineages.end(),
                                     [&](const std::vector<std::string>* l) { return (*l)[rank] != first; });
        names[rank] = multi ? k_multi_affiliation : first;
    }
    return names;
}

namespace {

struct Database {
    const TaxonomyReference& reference;
    std::vector<std::vector<std::uint8_t>> codes;
    WordIndex index;
};

struct QueryResult {
    std::vector<AlignmentHit> hits;
    bool capped = false;
};

// Aligns the candidates in order while they can still reach the best score; returns the tied
// best hits with their alignments, in database order (forward strand first).
QueryResult search_query(const Database& db, const std::vector<std::uint8_t>& query, const AlignAffiliationOptions& o,
                         Scratch& s) {
    s.candidates.clear();
    add_candidates(db.index, query, false, s);
    std::vector<std::uint8_t> reverse;
    if (o.both_strands) {
        reverse = reverse_complement(query);
        add_candidates(db.index, reverse, true, s);
    }
    std::sort(s.candidates.begin(), s.candidates.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(b.present, a.reference, a.reverse) < std::tie(a.present, b.reference, b.reverse);
    });
    QueryResult result;
    int best = 0;
    std::vector<Candidate> tied;
    std::size_t aligned = 0;
    for (const Candidate& c : s.candidates) {
        if (score_bound(query.size(), c.present) < std::max(best, 1)) break;
        if (o.max_candidates != 0 && aligned == o.max_candidates) { result.capped = true; break; }
        ++aligned;
        const int score = overlap_score(c.reverse ? reverse : query, db.codes[c.reference], s.ws);
        if (score > best) { best = score; tied.clear(); }
        if (score == best && score > 0) tied.push_back(c);
    }
    std::sort(tied.begin(), tied.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(a.reference, a.reverse) < std::tie(b.reference, b.reverse);
    });
    for (const Candidate& c : tied) {
        if (!result.hits.empty() && result.hits.back().reference == c.reference) continue;  // both strands tie
        const OverlapAlignment a = overlap_align(c.reverse ? reverse : query, db.codes[c.reference], s.ws);
        result.hits.push_back({c.reference, a.score, a.identity(), a.query_coverage(query.size()), a.columns, c.reverse});
    }
    return result;
}

Affiliation affiliation_row(const TaxonomyReference& ref, const AffiliationQuery& query, const std::vector<AlignmentHit>& hits) {
    Affiliation row;
    row.query_id = query.id;
    row.hits = hits.size();
    if (hits.empty()) {
        row.names.assign(ref.rank_names.size(), "");
        return row;
    }
    std::vector<const std::vector<std::string>*> lineages;
    lineages.reserve(hits.size());
    for (const AlignmentHit& h : hits) lineages.push_back(&ref.lineages[h.reference]);
    row.names = multi_affiliation_consensus(lineages, ref.rank_names.size());
    row.identity = hits.front().identity;
    row.query_coverage = hits.front().query_coverage;
    return row;
}

}  // namespace

AlignAffiliationResult affiliate_by_alignment(const TaxonomyReference& reference,
                                              const std::vector<AffiliationQuery>& queries,
                                              const AlignAffiliationOptions& o) {
    validate(o);
    Database db{reference, {}, {}};
    db.codes.reserve(reference.sequences.size());
    for (const std::string& s : reference.sequences) db.codes.push_back(nucleotide_codes(s));
    db.index = build_word_index(db.codes);

    std::vector<QueryResult> found(queries.size());
    std::vector<Scratch> scratch(static_cast<std::size_t>(o.threads));
    for (Scratch& s : scratch) s.present.assign(reference.sequences.size(), 0);
    parallel_chunks(queries.size(), 8, o.threads, [&](std::size_t, std::size_t begin, std::size_t end, int worker) {
        Scratch& s = scratch[static_cast<std::size_t>(worker)];
        for (std::size_t q = begin; q < end; ++q) found[q] = search_query(db, nucleotide_codes(queries[q].sequence), o, s);
    });

    AlignAffiliationResult result;
    result.table.method = "align";
    result.table.rank_names = reference.rank_names;
    result.table.rows.reserve(queries.size());
    result.hits.reserve(queries.size());
    for (std::size_t q = 0; q < queries.size(); ++q) {
        result.table.rows.push_back(affiliation_row(reference, queries[q], found[q].hits));
        result.capped_queries += found[q].capped ? 1 : 0;
        result.hits.push_back(std::move(found[q].hits));
    }
    return result;
}

std::string format_multi_hits(const TaxonomyReference& reference, const AlignAffiliationResult& result) {
    std::string out = "#observation_name\tblast_taxonomy\tblast_subject\tblast_perc_identity\tblast_perc_query_coverage\tblast_aln_length\n";
    char number[64];
    for (std::size_t q = 0; q < result.hits.size(); ++q) {
        if (result.hits[q].size() < 2) continue;
        for (const AlignmentHit& h : result.hits[q]) {
            std::string lineage;
            for (std::size_t r = 0; r < reference.rank_names.size(); ++r) lineage.append(r ? ";" : "").append(reference.lineages[h.reference][r]);
            out.append(result.table.rows[q].query_id).append("\t").append(lineage).append("\t").append(reference.ids[h.reference]);
            std::snprintf(number, sizeof number, "\t%.2f\t%.2f\t%zu\n", h.identity, h.query_coverage, h.alignment_columns);
            out.append(number);
        }
    }
    return out;
}

}  // namespace plateau::amplicon
