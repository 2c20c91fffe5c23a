// The pair stage after the last k: one pass over the paired libraries places both mates of each
// pair near unitig ends (pair_anchor.hpp) and collects what they say (pair_join.hpp), then the
// unitigs are joined where that evidence is unique. Single-end libraries are skipped.
#pragma once

#include "assembly/api.hpp"
#include "assembly/pair_join.hpp"
#include "assembly/unitig_graph.hpp"

namespace plateau::assembly {

/// Bases from each unitig end whose 31-mers place reads.
inline constexpr std::size_t k_anchor_window = 1000;

/// Joins unitigs of `graph` by the read pairs of the paired libraries (nothing without any).
PairJoinStats run_pair_stage(const AssembleOptions& options, UnitigGraph& graph);

}  // namespace plateau::assembly
