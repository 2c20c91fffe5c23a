// The alignment affiliation method (`taxonomy --method align`): FROGS' affiliation_OTU semantics
// with an exact overlap aligner instead of blastn. For each query:
//   1. candidates: references sharing at least one 8-mer with the query, by the number of query
//      8-mer positions whose word occurs in the reference (most first, then database order);
//   2. each candidate is aligned (overlap_alignment.hpp: free end gaps, match 2, mismatch -4,
//      gap 20 + 2L) in that order until no remaining candidate can reach the best score: a
//      query window absent from a reference needs an edit, an edit removes at most 8 windows and
//      costs at least 6 (a mismatch), so score <= 2 x length - 3/4 x absent windows. Candidates
//      are exact up to --max-candidates alignments per query (a query that reaches it is counted);
//   3. the hits are the references tied at the best score (> 0); the taxonomy is their
//      consensus: from the first rank where they disagree down, "Multi-affiliation" (FROGS'
//      get_tax_consensus); identity and query coverage are those of the first tied hit in
//      database order; no hit: nothing called, hits = 0.
// With strand both, the reverse complement is searched too and both strands compete.
// Queries are independent: the result is the same at any thread count.
#pragma once

#include "amplicon/affiliation.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct AlignAffiliationOptions {
    bool both_strands = false;
    std::size_t max_candidates = 1000;  // alignments per query at most (0: no limit)
    int threads = 1;
};
void validate(const AlignAffiliationOptions& options);

struct AffiliationQuery {
    std::string id;
    std::string sequence;  // A, C, G, T (upper case)
};

struct AlignmentHit {
    std::size_t reference = 0;  // index into TaxonomyReference
    int score = 0;
    double identity = 0, query_coverage = 0;  // percent
    std::size_t alignment_columns = 0;
    bool reverse = false;                     // the query's reverse complement aligned
};

struct AlignAffiliationResult {
    AffiliationTable table;                        // method "align", one row per query
    std::vector<std::vector<AlignmentHit>> hits;   // per query: the tied hits, database order
    std::size_t capped_queries = 0;                // queries that reached max_candidates
};

[[nodiscard]] AlignAffiliationResult affiliate_by_alignment(const TaxonomyReference& reference,
                                                            const std::vector<AffiliationQuery>& queries,
                                                            const AlignAffiliationOptions& options);

// FROGS' consensus of tied lineages (one name per rank each): ranks where all agree keep the
// name; from the first rank where any differ, every rank is "Multi-affiliation".
[[nodiscard]] std::vector<std::string> multi_affiliation_consensus(const std::vector<const std::vector<std::string>*>& lineages,
                                                                   std::size_t ranks);

// FROGS' multi_hits.tsv for the queries with more than one tied hit: observation_name,
// blast_taxonomy, blast_subject, blast_perc_identity, blast_perc_query_coverage, blast_aln_length
// (no e-value: the method computes none).
[[nodiscard]] std::string format_multi_hits(const TaxonomyReference& reference, const AlignAffiliationResult& result);

// Reads queries from FASTA/FASTQ (ids up to the first space, unique; letters A, C, G, T, U any
// case, U read as T). Throws ErrorCode::InvalidInput naming the file and record otherwise.
[[nodiscard]] std::vector<AffiliationQuery> read_affiliation_queries(const std::string& path);

// A SINTAX-format reference FASTA (">id;tax=d:Bacteria,p:...;") read directly, for the align
// method before a `db` index exists: ranks in SINTAX order (d k p c o f g s t) of those present.
[[nodiscard]] TaxonomyReference read_sintax_reference_fasta(const std::string& path);

}  // namespace plateau::amplicon
