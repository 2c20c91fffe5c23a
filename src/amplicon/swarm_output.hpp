// swarm 3.1.2's output formats, byte for byte (algod1.cc write_*): swarms in seed order, attached
// (grafted) swarms skipped, members in list order (seed, generations, grafted swarms at the tail).
#pragma once

#include "amplicon/swarm_d1.hpp"

#include <string>

namespace plateau::amplicon {

struct OutputStyle {
    bool usearch = false;  // -z
};

[[nodiscard]] std::string format_swarms(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -o
[[nodiscard]] std::string format_mothur(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -o with -r
[[nodiscard]] std::string format_statistics(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -s
[[nodiscard]] std::string format_seeds(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -w
[[nodiscard]] std::string format_structure(const AmpliconSet& set, const Clustering& c, OutputStyle style);  // -i
[[nodiscard]] std::string format_uclust(const AmpliconSet& set, const Clustering& c, OutputStyle style, int threads);  // -u

}  // namespace plateau::amplicon
