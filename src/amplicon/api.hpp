// plateau::amplicon — public API of the amplicon domain (plateau-amplicon).
//   derep:   cross-sample dereplication, vsearch 2.22.1 --derep_fulllength order and labels.
//   cluster: Swarm d=1 (and fastidious), outputs byte-identical to swarm 3.1.2.
//   merge:   paired-read merging, vsearch 2.22.1 --fastq_mergepairs semantics (merge_api.hpp).
//   chimera: UCHIME de novo (vsearch --uchime_denovo calls), per sample with FROGS' rules (chimera_api.hpp).
//   denoise: UNOISE3 ASVs, vsearch --cluster_unoise identical, then UCHIME3 (denoise_api.hpp).
//   table:   BIOM, FROGS abundance.tsv, seeds, composition, cluster filters (amplicon/table_api.hpp),
//            and the run report (JSON summary + self-contained HTML).
//   run:     paired FASTQ per sample -> chimera-free abundance table, FROGS' chain (run_api.hpp).
//   cluster: Swarm (d = 0, 1 with fastidious, > 1), outputs byte-identical to swarm 3.1.2.
// Options are plain structs, checked by validate() (ErrorCode::Usage naming the flag) and then
// read-only; run_*() throws plateau::Error on bad input or I/O failure.
#pragma once

#include "amplicon/filter_api.hpp"   // filter: length, N and expected-error filters
#include "amplicon/primers_api.hpp"  // primers: cutadapt-exact primer removal
#include "amplicon/merge_api.hpp"
#include "amplicon/chimera_api.hpp"
#include "amplicon/denoise_api.hpp"  // denoise: UNOISE3 ASVs (vsearch --cluster_unoise), UCHIME3
#include "amplicon/table_api.hpp"
#include "amplicon/run_api.hpp"        // run: the whole chain from a sample sheet
#include "amplicon/taxonomy_api.hpp"   // db, taxonomy: k-mer classifiers (SINTAX, RDP)
#include "amplicon/sample_sheet.hpp"   // the sample sheet of merge and run

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct SampleInput {
    std::string name;  // column name in the count table
    std::string path;  // FASTA or FASTQ, plain or gzip
};

enum class AbundanceStyle { usearch, swarm };  // ";size=N" or "_N"

struct DerepOptions {
    std::vector<SampleInput> samples;  // in this order: record order and count-table columns
    std::string fasta_out;             // dereplicated FASTA (required)
    std::string counts_out;            // unique x sample TSV (optional)
    AbundanceStyle style = AbundanceStyle::usearch;
    bool relabel_sha1 = false;
    std::uint64_t min_seq_length = 32;  // vsearch --minseqlength default for derep
    std::uint64_t max_seq_length = 50000;
    std::uint64_t min_unique_size = 1;
    std::size_t fasta_width = 80;  // vsearch --fasta_width (0: one line)
    int threads = 2;
};

struct DerepSummary {
    std::uint64_t reads = 0, uniques = 0, discarded_short = 0, discarded_long = 0;
};

struct ClusterOptions {
    std::string input = "-";  // dereplicated FASTA with abundance annotations
    int differences = 1;      // -d: 0 (dereplication) to 255
    bool fastidious = false;  // -f (d = 1 only)
    bool no_otu_breaking = false;  // -n
    // -m -p -g -e (d > 1 only; swarm's defaults 5, 4, 12, 4)
    std::optional<std::int64_t> match_reward, mismatch_penalty, gap_opening, gap_extension;
    std::uint64_t boundary = 3;  // -b (needs -f)
    bool boundary_given = false;
    bool usearch_abundance = false;  // -z
    bool mothur = false;             // -r
    std::string output = "-";        // -o
    std::string statistics;          // -s
    std::string seeds;               // -w
    std::string uclust;              // -u
    std::string internal_structure;  // -i
    int threads = 1;                 // -t
};

struct ClusterSummary {
    std::uint64_t amplicons = 0, swarms = 0, grafts = 0;
};

void validate(const DerepOptions& options);
void validate(const ClusterOptions& options);
DerepSummary run_derep(const DerepOptions& options);
ClusterSummary run_cluster(const ClusterOptions& options);

}  // namespace plateau::amplicon
