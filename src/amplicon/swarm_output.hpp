// swarm 3.1.2's output formats, byte for byte (algod1.cc, algo.cc and derep.cc write_*): swarms
// in seed order, attached (grafted) swarms skipped, members in list order (seed, generations,
// grafted swarms at the tail). d != 1: -i and -u list members in discovery order, -i with the
// differences to the parent; -s column 7 is the radius; d = 0: -w keeps the swarm order.
#pragma once

#include "amplicon/scoring.hpp"
#include "amplicon/swarm_d1.hpp"

#include <string>

namespace plateau::amplicon {

struct OutputStyle {
    bool usearch = false;  // -z
    Scoring scoring;       // the -u alignments
};

[[nodiscard]] std::string format_swarms(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -o
[[nodiscard]] std::string format_mothur(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -o with -r
[[nodiscard]] std::string format_statistics(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -s
[[nodiscard]] std::string format_seeds(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -w
[[nodiscard]] std::string format_structure(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -i
[[nodiscard]] std::string format_uclust(const AmpliconSet& set, const Clustering& c, OutputStyle style, int threads);  // -u

}  // namespace plateau::amplicon
