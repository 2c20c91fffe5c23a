// plateau::amplicon run — the whole chain from paired FASTQ per sample to a chimera-free
// abundance table, as FROGS 5.0.2 runs it (denoising with swarm, remove_chimera, cluster_filters):
//   per sample: merge (vsearch --fastq_mergepairs with FROGS' flags) -> primers (5' then 3',
//   cutadapt as FROGS calls it) -> filter (length window minus the primers, no N);
//   all samples: derep (sha1 labels, per-sample counts) -> cluster (swarm -d, -f; or, with
//   denoise, UNOISE3 ASVs as vsearch --cluster_unoise, rows named ASV_<i>) ->
//   per-sample chimera detection on the cluster seeds (strict or lenient rule) -> table (BIOM,
//   abundance.tsv, seeds, composition, exclusions, cluster filters) -> run report (JSON + HTML).
// Each step is the public step function of its subcommand, chained through files in
// <outdir>/work (removed at the end and on failure unless keep_work). The final outputs are
// written in the work folder and renamed into <outdir> only when every step has succeeded.
#pragma once

#include "amplicon/merge_api.hpp"
#include "amplicon/table_api.hpp"
#include "core/progress.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

enum class ChimeraRule { strict, lenient, none };

struct RunOptions {
    std::vector<PairedSample> samples;  // named, in table-column order (read_sample_sheet)
    std::string outdir;
    std::string five_prime, three_prime;  // 3' as it reads on the amplicon strand (FROGS)
    bool without_primers = false;
    std::uint64_t min_amplicon_size = 0, max_amplicon_size = 0;  // with primers (FROGS)
    std::uint64_t read1_size = 0, read2_size = 0;  // 0: longest of the first 1000 reads of the first sample
    double mismatch_rate = 0.1;                     // merge --fastq_maxdiffpct = 100 x rate
    int differences = 1;                            // swarm -d
    bool fastidious = true;                         // swarm -f, applied when d = 1
    bool denoise = false;        // ASVs (UNOISE3, denoise_api.hpp) instead of swarm clusters
    double unoise_alpha = 2.0;   // with denoise
    std::uint64_t minsize = 8;   // with denoise: uniques below it are left out of the ASVs
    ChimeraRule chimera = ChimeraRule::strict;
    ClusterFilters filters;
    bool keep_work = false;
    std::string date;          // BIOM "date"; empty: now (UTC)
    std::string command_line;  // for the report's run envelope
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;
};

// What run_pipeline infers from the options and the reads (logged, and in the report).
struct RunPlan {
    std::uint64_t read1_size = 0, read2_size = 0;
    std::int64_t min_overlap = 10;  // max(R1 + R2 - max_amplicon_size, 10)
    std::uint64_t primer_length = 0;  // 5' + 3' primer lengths (0 without primers)
    std::uint64_t min_length = 0, max_length = 0;  // filter window: amplicon sizes minus primer_length
    bool fastidious = false;
};

struct RunSummary {
    std::uint64_t pairs = 0, merged = 0, filtered = 0, uniques = 0, clusters = 0, chimeras = 0;
    std::uint64_t kept_clusters = 0, kept_reads = 0;
};

// Throws ErrorCode::Usage naming the flag, the value and the allowed range.
void validate(const RunOptions& options);
[[nodiscard]] RunPlan plan_run(const RunOptions& options);  // reads the first sample when sizes are not given
RunSummary run_pipeline(const RunOptions& options);

}  // namespace plateau::amplicon
