// plateau-amplicon cluster: validate() and run_cluster() (swarm 3.1.2 -d 1 [-f]).
#include "amplicon/api.hpp"
#include "amplicon/fastidious.hpp"
#include "amplicon/swarm_input.hpp"
#include "amplicon/swarm_output.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"

#include <memory>

namespace plateau::amplicon {

void validate(const ClusterOptions& o) {
    if (o.differences != 1) {
        throw_usage_error("-d/--differences " + std::to_string(o.differences) +
                          ": only d = 1 is implemented (swarm's d = 0 and d > 1 are not yet)");
    }
    if (o.boundary_given && !o.fastidious) throw_usage_error("-b/--boundary given without -f/--fastidious");
    if (o.boundary < 2) throw_usage_error("-b/--boundary " + std::to_string(o.boundary) + ": must be at least 2");
    if (o.threads < 1 || o.threads > 512) {
        throw_usage_error("-t/--threads " + std::to_string(o.threads) + ": must be from 1 to 512");
    }
    if (o.input.empty()) throw_usage_error("an input file is required");
}

namespace {
struct Outputs {  // opened before the work, committed together at the end
    std::vector<std::unique_ptr<core::OutputFile>> files;
    core::OutputFile* open(const std::string& path) {
        if (path.empty()) return nullptr;
        files.push_back(std::make_unique<core::OutputFile>(path, core::OutputOptions{.sync = false}));
        return files.back().get();
    }
};
}  // namespace

ClusterSummary run_cluster(const ClusterOptions& o) {
    const std::string name = o.input == "-" ? std::string("standard input") : o.input;
    AmpliconSet set = read_swarm_fasta(o.input, name, o.usearch_abundance);
    const Zobrist zobrist(set.longest());
    std::vector<std::uint8_t> codes;
    for (std::size_t i = 0; i < set.size(); ++i) {
        set.unpack(i, codes);
        set.info(i).hash = zobrist.hash(codes);
    }
    const HashIndex index(set, name);
    std::uint64_t nucleotides = 0;
    for (std::size_t i = 0; i < set.size(); ++i) nucleotides += set.info(i).length;
    // All amplicons are held in memory, as swarm holds them: headers, 2-bit sequences, the index,
    // the network and the per-amplicon clustering state (about 100 bytes per amplicon besides).
    core::log_info("amplicon", std::to_string(set.size()) + " amplicons, " + std::to_string(nucleotides) +
                                   " nt held in memory (about " +
                                   std::to_string((nucleotides / 4 + set.size() * 160) >> 20) + " MB)");
    Clustering clustering = grow_swarms(set, build_network(set, zobrist, index, o.threads));
    if (o.fastidious) graft_light_swarms(set, o.boundary, o.threads, clustering);

    const OutputStyle style{o.usearch_abundance};
    Outputs outputs;
    core::OutputFile* swarms = outputs.open(o.output);
    core::OutputFile* stats = outputs.open(o.statistics);
    core::OutputFile* seeds = outputs.open(o.seeds);
    core::OutputFile* uclust = outputs.open(o.uclust);
    core::OutputFile* structure = outputs.open(o.internal_structure);
    swarms->write(o.mothur ? format_mothur(set, clustering, style) : format_swarms(set, clustering, style));
    if (stats != nullptr) stats->write(format_statistics(set, clustering, style));
    if (seeds != nullptr) seeds->write(format_seeds(set, clustering, style));
    if (uclust != nullptr) uclust->write(format_uclust(set, clustering, style, o.threads));
    if (structure != nullptr) structure->write(format_structure(set, clustering, style));
    for (auto& file : outputs.files) file->commit();

    ClusterSummary summary;
    summary.amplicons = set.size();
    summary.grafts = clustering.grafts;
    for (const SwarmInfo& s : clustering.swarms) summary.swarms += s.attached ? 0 : 1;
    return summary;
}

}  // namespace plateau::amplicon
