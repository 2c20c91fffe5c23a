// The steps of `run` (internal to run_pipeline.cpp): each builds the options of a step's public
// function from the run's options and plan, calls it on files in the work folder and returns what
// the run report needs.
#pragma once

#include "amplicon/count_table.hpp"
#include "amplicon/otu_table.hpp"
#include "amplicon/run_api.hpp"
#include "amplicon/run_workdir.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

// Reads left in one sample after each per-sample step, and the merged reads' lengths.
struct SampleFunnel {
    std::uint64_t pairs = 0, merged = 0, primers = 0, filtered = 0;
    std::vector<std::uint64_t> merged_lengths;  // reads by length
};

// merge -> primers (unless without_primers) -> filter for sample `index`; writes
// work/<index>.filtered.fasta. Throws ErrorCode::InvalidInput when no read is left.
[[nodiscard]] SampleFunnel run_sample_steps(const RunOptions& o, const RunPlan& plan, std::size_t index,
                                            const RunWorkDir& dir);

// The clusters with their per-sample counts, after derep and cluster (work/derep.fasta,
// work/derep_counts.tsv, work/swarms.txt).
struct ClusterStage {
    CountTable counts;
    OtuTable table;
    std::vector<std::uint64_t> read_lengths;  // dereplicated reads by length
    std::uint64_t reads = 0, uniques = 0;
};

// derep of every sample's filtered reads (sha1 labels, per-sample counts), swarm, and the
// cluster table; writes work/seeds_all.fasta and work/cluster_counts.tsv for the chimera step.
[[nodiscard]] ClusterStage run_cluster_steps(const RunOptions& o, const RunPlan& plan, const RunWorkDir& dir);

// Per-sample chimera detection on the cluster seeds with FROGS' rule; writes the exclusion list
// work/chimeras.tsv ("seed_id<TAB>chimera") and returns the number of clusters removed.
std::uint64_t run_chimera_step(const RunOptions& o, const ClusterStage& stage, const RunWorkDir& dir);

// The cluster composition file in the work folder: work/swarms.txt, or work/asv.uc with denoise.
[[nodiscard]] std::string clusters_path(const RunOptions& o, const RunWorkDir& dir);

// The table step's outputs in work/out (names in k_run_outputs, the report aside).
void run_table_step(const RunOptions& o, const RunWorkDir& dir);

}  // namespace plateau::amplicon
