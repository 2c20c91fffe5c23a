// One k of the assembly: count the reads' k-mers, choose the solid threshold, add the k-mers of
// the previous k's contigs, compact, clean. Multi-k runs call it once per k, carrying contigs.
#pragma once

#include "assembly/api.hpp"
#include "assembly/read_source.hpp"
#include "assembly/simplify.hpp"
#include "assembly/unitig_graph.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::assembly {

struct KStageReport {
    int k = 0;
    std::uint32_t solid_threshold = 0;
    std::uint64_t candidates = 0;
    std::uint64_t solid_kmers = 0;
    std::uint64_t carried_kmers = 0;      // from the previous k's contigs
    std::uint64_t mercy_kmers = 0;        // rescued from reads (first k only)
    std::uint64_t unitigs = 0;            // before cleaning
    std::uint64_t unitigs_after = 0;
    std::uint64_t table_bytes = 0;
    std::vector<std::uint64_t> histogram;  // k-mers by count, 0..63 (63: 63 or more)
    CleaningStats cleaning;
    double seconds = 0;
    double peak_rss_mb = 0;  // of the process so far, at the end of the stage
};

struct KStageResult {
    UnitigGraph graph;
    KStageReport report;
    ReadPassStats reads;
};

/// first: the first k of the list (mercy k-mers are added there only, as MEGAHIT does).
KStageResult run_k_stage(const AssembleOptions& options, int k, const std::vector<std::string>& carried, bool first);

/// The automatic k list for reads of one length.
struct AutomaticKs {
    /// Run in order, each carrying the previous one's contigs: about 0.45 x the read length (at
    /// most 63), then about 2/3 of it (at most 127) when that is above 75 and the k-mer depth at
    /// main[0] is not low.
    std::vector<int> main;
    /// A smaller k run first when the k-mer depth at main[0] is low (0: none).
    int rescue = 0;
};
[[nodiscard]] AutomaticKs automatic_k_list(std::uint32_t read_length);

}  // namespace plateau::assembly
