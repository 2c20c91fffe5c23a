// The pair stage (pair_stage.hpp).
#include "assembly/pair_stage.hpp"

#include "assembly/read_source.hpp"
#include "core/log.hpp"

#include <algorithm>

namespace plateau::assembly {

PairJoinStats run_pair_stage(const AssembleOptions& o, UnitigGraph& graph) {
    std::vector<ReadLibrary> paired;
    for (const ReadLibrary& l : o.libraries) {
        if (!l.second.empty()) paired.push_back(l);
    }
    if (paired.empty()) return {};
    const EndAnchors anchors(graph, k_anchor_window);
    std::vector<PairEvidence> per_worker(std::size_t(std::max(o.threads, 1)));
    for_each_read_batch(paired, o.threads, o.progress, "pairs",
                        [&](std::size_t w, const core::ReadBatch& a, const core::ReadBatch& b) {
                            for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
                                per_worker[w].add(anchors, a[i].seq, b[i].seq);
                        });
    PairEvidence evidence;
    for (PairEvidence& e : per_worker) evidence.merge(std::move(e));
    PairJoinParameters parameters;
    PairJoinStats stats = join_by_pairs(graph, std::move(evidence), parameters);
    // As far as the fragments from a contig's end reach: the insert size + 2 sd.
    const auto reach = std::size_t(stats.insert_median + 2 * stats.insert_sd);
    if (stats.insert_median > 0) stats.extended = extend_into_repeats(graph, parameters, reach);
    core::log_info("assemble", "pairs: " + std::to_string(stats.placed) + " of " + std::to_string(stats.pairs) +
                                   " placed, insert " + std::to_string(int(stats.insert_median)) + " +- " +
                                   std::to_string(int(stats.insert_sd)) + "; " + std::to_string(stats.joined) +
                                   " joins + " + std::to_string(stats.overlaps) + " by overlap, of " + std::to_string(stats.candidates) + " candidates (" +
                                   std::to_string(stats.ambiguous_paths) + " with several paths, " +
                                   std::to_string(stats.no_path) + " with none); " +
                                   std::to_string(stats.extended) + " ends extended into repeats");
    return stats;
}

}  // namespace plateau::assembly
