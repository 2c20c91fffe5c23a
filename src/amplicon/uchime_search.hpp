// UCHIME de novo, one sample: the query set in vsearch's order, its k-mer index, and the
// evaluation of one query against the non-chimeric queries before it (vsearch 2.22.1
// --uchime_denovo: 4 chunks, top 20 k-mer candidates per chunk, maxaccepts 4, maxrejects 16,
// chunk identity >= 0.55, abundance skew, then parents and score as uchime_score.cpp).
#pragma once

#include "amplicon/uchime_align.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon::uchime {

struct Params {
    double abskew = 2.0, minh = 0.28, mindiv = 0.8, xn = 8.0, dn = 1.4;
    int mindiffs = 3;
    bool alignments = false;  // also format the --uchimealns block of chimeras
    bool uchime3 = false;     // vsearch --uchime3_denovo calls (no borderline; minh, mindiv, mindiffs unused)
};

struct Query {
    std::string label;  // header up to the first blank, with its ;size=
    std::string seq;    // DUST-masked: uppercase, masked runs lowercase (what vsearch writes)
    std::uint64_t size = 0;
    std::uint32_t origin = 0;  // index of the record in the input
};

// Queries sorted as vsearch does (abundance desc, label strcmp, input order) and their unique
// masked 8-mers, as lists of query indices per k-mer (ascending).
struct QuerySet {
    std::vector<Query> queries;
    std::vector<std::uint32_t> kmer_offsets;  // 4^8 + 1
    std::vector<std::uint32_t> kmer_entries;
};

// Masks, sorts and indexes `queries` (input order) into a QuerySet.
[[nodiscard]] QuerySet build_query_set(std::vector<Query> queries);

enum Status : std::int8_t { no_parents = 0, no_score = 1, not_chimeric = 2, borderline = 3, chimeric = 4 };

struct Result {
    Status status = no_parents;
    std::string uchimeout;  // one line
    std::string alignment;  // --uchimealns block (chimeras, when asked)
    double h = 0.0;
    std::vector<std::uint32_t> considered;  // every index in the 4 top-20 candidate lists
};

// Which earlier queries are in the database: index i < limit is when i >= speculative_from or
// status[i] < borderline.
struct DatabaseView {
    const std::vector<std::int8_t>* status = nullptr;
    std::size_t speculative_from = 0;
    [[nodiscard]] bool includes(std::size_t i) const { return i >= speculative_from || (*status)[i] < borderline; }
};

// Per-thread scratch.
struct Workspace {
    AlignWorkspace align;
    std::vector<std::uint16_t> counts;
    std::vector<std::uint32_t> touched, kmers;  // touched: one slot per query (see top_candidates)
};

[[nodiscard]] Result evaluate_query(const QuerySet& set, std::size_t k, const DatabaseView& db, const Params& p,
                                    Workspace& ws);

}  // namespace plateau::amplicon::uchime
