// Pair-based joins across short repeats and gaps (after the last k, as SPAdes' and MEGAHIT's
// path resolution). Read pairs placed on two different unitigs link one end of each; where an end
// of a unique unitig (depth near the genome's, long enough to anchor pairs) has one partner end
// among the unique unitigs, backed by enough pairs with no real rival, and that partner's best
// partner is this end, the graph paths between the two ends whose length fits the insert size
// are listed; exactly one path: the path's repeat unitigs are copied and the two unitigs joined
// through the copies. No path, or several: left as they are (a repeat left unresolved rather
// than joined wrongly). Two dead ends without a path whose sequences overlap exactly by 40 to
// k-2 bases, as far as the pairs put them, are joined by that overlap. Decisions are taken on the graph before any join, in end order, so the
// result does not depend on the order in which pairs were read.
#pragma once

#include "assembly/pair_anchor.hpp"
#include "assembly/unitig_graph.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace plateau::assembly {

/// One pair whose mates lie on two different unitigs: the fragment leaves through from_end and
/// to_end (from_end < to_end); `inside`: its bases inside the two unitigs.
struct PairLink {
    std::uint32_t from_end = 0;
    std::uint32_t to_end = 0;
    std::int32_t inside = 0;
    friend bool operator<(const PairLink& a, const PairLink& b) {
        if (a.from_end != b.from_end) return a.from_end < b.from_end;
        return a.to_end != b.to_end ? a.to_end < b.to_end : a.inside < b.inside;
    }
};

struct PairEvidence {
    std::vector<std::int32_t> fragments;  // lengths of fragments with both mates on one unitig
    std::vector<PairLink> links;
    std::uint64_t pairs = 0;
    std::uint64_t placed = 0;  // both mates placed

    /// Places both mates (forward-reverse orientation) and records what they say.
    void add(const EndAnchors& anchors, std::string_view first, std::string_view second);
    void merge(PairEvidence&& other);
    /// Sorts fragments and links (the canonical order, whatever order pairs came in).
    void sort();
};

struct PairJoinParameters {
    std::uint32_t min_pairs = 3;            // pairs backing a join
    double max_rival_ratio = 0.1;           // a rival partner with more than this share of the best's pairs: no join
    double unique_depth_factor = 1.5;       // unique: depth at most this times the median depth
    std::size_t min_anchor_length = 500;    // unique unitigs shorter than this are not joined, only walked through
    std::size_t min_fragments = 100;        // fewer fragments within unitigs: no insert size, no joins
    std::size_t max_path_steps = 2000;      // path search budget per join
    std::size_t min_overlap = 40;           // dead ends joined by an exact overlap of at least this many bases
};

struct PairJoinStats {
    std::uint64_t pairs = 0;
    std::uint64_t placed = 0;
    std::uint64_t links = 0;
    double insert_median = 0;
    double insert_sd = 0;
    std::uint64_t candidates = 0;       // end pairs backed by unique, reciprocal evidence
    std::uint64_t joined = 0;
    std::uint64_t ambiguous_paths = 0;  // several paths fit the insert size
    std::uint64_t overlaps = 0;         // two dead ends joined by their exact overlap (no path)
    std::uint64_t no_path = 0;          // no path fits (a gap or a repeat longer than the fragments)
    std::uint64_t extended = 0;         // ends extended into a repeat (extend_into_repeats)
};

/// Joins unitigs of `graph` where the evidence is unique (see above), then re-compacts it.
PairJoinStats join_by_pairs(UnitigGraph& graph, PairEvidence evidence, const PairJoinParameters& parameters);

/// Extends each end of a unique unitig (as for joins) whose one link enters another unitig (a
/// repeat: several unitigs enter it there) by a copy of up to `max_length` bases of it: the
/// contig then reaches into each copy of the repeat, as far as the fragments from its end do
/// (max_length: the insert size + 2 sd), where the pairs could not resolve it. Every extended contig is
/// still a path of the graph. Returns how many ends were extended; re-compacts the graph.
std::uint64_t extend_into_repeats(UnitigGraph& graph, const PairJoinParameters& parameters, std::size_t max_length);

}  // namespace plateau::assembly
