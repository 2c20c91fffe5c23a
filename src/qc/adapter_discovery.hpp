// De novo adapter discovery for reads whose adapter is not one of k_known_adapters, after the
// k-mer scheme of fastp's evaluator (semantics only): count the 10-mers of each read from base 20
// on, take the most over-represented ones (at least 20 times the mean count, low-complexity and
// GC-rich 10-mers excluded) as seeds, and grow each seed into a consensus, one base at a time,
// while one base holds >= 95% of at least 50 reads.
// Our acceptance rule differs from fastp's (which asks both extensions to run out of reads, so
// that in practice only adapters already in its list are ever returned): a read-through adapter
// follows inserts of every length, so growing backwards must stop on disagreement (the insert),
// and the reads continue into the same library construct, so growing forwards must run to the
// read ends, or give at least k_min_discovered_length bases; and since inserts vary in length, no
// one read position may hold half of the seed's occurrences (amplicons' conserved regions do).
#pragma once

#include "core/read_batch.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace plateau::qc {

inline constexpr std::size_t k_discovery_min_reads = 10000;  // fewer: no discovery (as fastp)
inline constexpr std::size_t k_min_discovered_length = 20;
inline constexpr std::size_t k_max_discovered_length = 60;

struct DiscoveredAdapter {
    std::string sequence;
    std::uint64_t seed_count = 0;  // occurrences of the seed 10-mer in the probe
};

// `tail_ignored`: bases at each read's 3' end left out of the counts (fastp: max(1, trim_tail1)).
[[nodiscard]] std::optional<DiscoveredAdapter> discover_adapter(const core::ReadBatch& reads, int tail_ignored = 1);

}  // namespace plateau::qc
