// Cluster compositions as swarm writes them: the -o list (one cluster per line, member headers
// separated by spaces, seed first; FROGS' swarms_composition) or the -u uclust file (S line per
// seed, H line per member, C lines ignored; clusters in the order of their numbers).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct ParsedCluster {
    std::vector<std::string> members;  // headers as written, seed first
    std::vector<std::uint64_t> lines;  // line of each member in the file (for error messages)
};

// Throws ErrorCode::InvalidInput naming the file and line (an empty file, a uclust line with too
// few columns or a bad cluster number, a uclust cluster without its S line).
[[nodiscard]] std::vector<ParsedCluster> read_clusters(const std::string& path);

}  // namespace plateau::amplicon
