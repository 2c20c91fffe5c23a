// Graph cleaning on the unitig graph, in the order MEGAHIT and SPAdes use: tips, bubbles, weak
// links, low local depth; each step is followed by re-compaction, and the whole repeated until
// nothing changes. Decisions are taken in a fixed order (coverage, then node index), so the
// result depends only on the graph.
#pragma once

#include "assembly/unitig_graph.hpp"

#include <cstdint>

namespace plateau::assembly {

struct CleaningParameters {
    std::size_t max_tip_length = 0;     // bases
    std::size_t max_bubble_length = 0;  // bases
    double disconnect_ratio = 0.1;
    double low_local_ratio = 0.2;
    std::size_t low_local_max_length = 0;  // bases
    int rounds = 5;
};

struct CleaningStats {
    std::uint64_t tips = 0;
    std::uint64_t bubbles = 0;
    std::uint64_t weak_links = 0;
    std::uint64_t low_local = 0;
};

/// Removes dead-end unitigs shorter than max_length whose attachment point has another way on.
std::uint64_t clip_tips(UnitigGraph& graph, std::size_t max_length);
/// Keeps the deepest of parallel unitigs that leave one end and reach one end (simple bubbles).
std::uint64_t pop_bubbles(UnitigGraph& graph, std::size_t max_length);
/// Cuts links to neighbours whose depth is below ratio x the deepest neighbour at that end.
std::uint64_t cut_weak_links(UnitigGraph& graph, double ratio);
/// Removes short unitigs whose depth is below ratio x the mean depth of their neighbours.
std::uint64_t remove_low_local(UnitigGraph& graph, double ratio, std::size_t max_length);

CleaningStats clean_graph(UnitigGraph& graph, const CleaningParameters& parameters);

}  // namespace plateau::assembly
