// plateau-amplicon cluster: validate() and run_cluster() (swarm 3.1.2 -d 0, -d 1 [-f], -d > 1).
#include "amplicon/api.hpp"
#include "amplicon/fastidious.hpp"
#include "amplicon/swarm_dn.hpp"
#include "amplicon/swarm_input.hpp"
#include "amplicon/swarm_output.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"

#include <memory>

namespace plateau::amplicon {

namespace {
Scoring scoring_of(const ClusterOptions& o) {
    return make_scoring(o.match_reward.value_or(5), o.mismatch_penalty.value_or(4), o.gap_opening.value_or(12),
                        o.gap_extension.value_or(4));
}

// swarm's checks of the scoring options (swarm.cc args_check), with its wording.
void validate_scoring(const ClusterOptions& o) {
    if (o.differences < 2) {
        if (o.match_reward) throw_usage_error("Option -m or --match-reward specified when d < 2.");
        if (o.mismatch_penalty) throw_usage_error("Option -p or --mismatch-penalty specified when d < 2.");
        if (o.gap_opening) throw_usage_error("Option -g or --gap-opening-penalty specified when d < 2.");
        if (o.gap_extension) throw_usage_error("Option -e or --gap-extension-penalty specified when d < 2.");
    }
    if (o.gap_opening.value_or(12) < 0) throw_usage_error("Illegal gap opening penalty specified with -g or --gap-opening-penalty, must not be negative.");
    if (o.gap_extension.value_or(4) < 0) throw_usage_error("Illegal gap extension penalty specified with -e or --gap-extension-penalty, must not be negative.");
    if (o.gap_opening.value_or(12) + o.gap_extension.value_or(4) < 1) {
        throw_usage_error("Illegal gap penalties specified, the sum of the gap open and the gap extension penalty must be at least 1.");
    }
    if (o.match_reward.value_or(5) < 1) throw_usage_error("Illegal match reward specified with -m or --match-reward, must be at least 1.");
    if (o.mismatch_penalty.value_or(4) < 1) throw_usage_error("Illegal mismatch penalty specified with -p or --mismatch-penalty, must be at least 1.");
    if (o.differences > scoring_of(o).diff_saturation_16()) throw_usage_error("Resolution (d) too high for the given scoring system.");
}
}  // namespace

void validate(const ClusterOptions& o) {
    if (o.differences < 0 || o.differences > 255) {
        throw_usage_error("-d/--differences " + std::to_string(o.differences) + ": must be in the range 0 to 255");
    }
    if (o.fastidious && o.differences != 1) {
        throw_usage_error("Fastidious mode (specified with -f or --fastidious) only works when the resolution "
                          "(specified with -d or --differences) is 1.");
    }
    if (o.boundary_given && !o.fastidious) throw_usage_error("-b/--boundary given without -f/--fastidious");
    if (o.boundary < 2) throw_usage_error("-b/--boundary " + std::to_string(o.boundary) + ": must be at least 2");
    if (o.threads < 1 || o.threads > 512) {
        throw_usage_error("-t/--threads " + std::to_string(o.threads) + ": must be from 1 to 512");
    }
    validate_scoring(o);
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

Clustering cluster_set(AmpliconSet& set, const ClusterOptions& o, const std::string& name) {
    const Zobrist zobrist(set.longest());
    std::vector<std::uint8_t> codes;
    for (std::size_t i = 0; i < set.size(); ++i) {
        set.unpack(i, codes);
        set.info(i).hash = zobrist.hash(codes);
    }
    if (o.differences == 0) return dereplicate_swarms(set);  // identical sequences are the point here
    auto index = std::make_unique<HashIndex>(set, name);     // refuses identical sequences, as swarm does
    std::uint64_t nucleotides = 0;
    for (std::size_t i = 0; i < set.size(); ++i) nucleotides += set.info(i).length;
    // All amplicons are held in memory, as swarm holds them: headers, 2-bit sequences, the index,
    // the network and the per-amplicon clustering state (about 100 bytes per amplicon besides).
    core::log_info("amplicon", std::to_string(set.size()) + " amplicons, " + std::to_string(nucleotides) +
                                   " nt held in memory (about " +
                                   std::to_string((nucleotides / 4 + set.size() * 160) >> 20) + " MB)");
    if (o.differences > 1) {
        index.reset();
        const DnParams params{o.differences, scoring_of(o), o.no_otu_breaking, o.threads};
        return grow_dn_swarms(set, params);
    }
    Clustering clustering = grow_swarms(set, build_network(set, zobrist, *index, o.threads, o.no_otu_breaking));
    if (o.fastidious) graft_light_swarms(set, o.boundary, o.threads, clustering);
    return clustering;
}
}  // namespace

ClusterSummary run_cluster(const ClusterOptions& o) {
    const std::string name = o.input == "-" ? std::string("standard input") : o.input;
    AmpliconSet set = read_swarm_fasta(o.input, name, o.usearch_abundance);
    const Clustering clustering = cluster_set(set, o, name);

    const OutputStyle style{o.usearch_abundance, scoring_of(o)};
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
