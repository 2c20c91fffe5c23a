// plateau::amplicon db and taxonomy (k-mer methods):
//   db:       a reference FASTA with taxonomy in the headers (taxonomy_db.hpp) -> a versioned,
//             memory-mapped binary index (taxonomy_index.hpp).
//   taxonomy: SINTAX (vsearch 2.22.1 --sintax; sintax_classify.hpp) or the RDP naive Bayesian
//             classifier (dada2 assignTaxonomy; rdp_classify.hpp) of each query against the index,
//             written as the affiliation TSV (affiliation.hpp) and, for SINTAX, vsearch's
//             --tabbedout table. Deterministic for a seed at any thread count.
#pragma once

#include "amplicon/taxonomy_db.hpp"

#include "core/progress.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct DbOptions {
    std::string input;   // reference FASTA, plain or gzip
    std::string output;  // index file
    TaxonomyParseOptions parse;
};

struct DbSummary {
    std::size_t references = 0, ranks = 0, genera = 0, conflicts = 0;
    TaxonomyLayout layout = TaxonomyLayout::automatic;
};

void validate(const DbOptions& options);
DbSummary run_db(const DbOptions& options);

enum class KmerMethod { sintax, rdp };

struct KmerTaxonomyOptions {
    KmerMethod method = KmerMethod::sintax;
    std::string db;         // index written by `db`
    std::string input;      // query FASTA/FASTQ, plain or gzip
    std::string output;     // affiliation TSV
    std::string tabbedout;  // SINTAX only: vsearch's --tabbedout table
    double cutoff = 0.8;    // SINTAX: support needed to call a rank
    int min_boot = 50;      // RDP: bootstrap support (percent) needed to call a rank
    bool both_strands = false;
    bool allow_ambiguous = false;  // accept IUPAC codes in queries (their 8-mers are skipped)
    std::uint64_t seed = 1;
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;
};

struct KmerTaxonomySummary {
    std::uint64_t queries = 0, classified = 0;  // classified: a name at the top rank
};

void validate(const KmerTaxonomyOptions& options);
KmerTaxonomySummary run_kmer_taxonomy(const KmerTaxonomyOptions& options);

}  // namespace plateau::amplicon
