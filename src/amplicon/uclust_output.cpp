// swarm's -u output (uclust format): one C and one S line per swarm, one H line per member with
// the identity and CIGAR of its global alignment to the seed. Alignments run in parallel; the
// lines are assembled in swarm order.
#include "amplicon/global_alignment.hpp"
#include "amplicon/parallel.hpp"
#include "amplicon/swarm_output.hpp"

#include <array>
#include <cstdio>

namespace plateau::amplicon {

namespace {
struct Hit {
    std::uint32_t member = 0, seed = 0, cluster = 0;
};

std::string hit_line(const AmpliconSet& set, const Hit& hit, const AlignmentResult& a, OutputStyle) {
    std::array<char, 32> identity{};
    const double percent = 100.0 * static_cast<double>(a.length - a.diffs) / static_cast<double>(a.length);
    std::snprintf(identity.data(), identity.size(), "%.1f", percent);
    std::string line = "H\t" + std::to_string(hit.cluster) + "\t" + std::to_string(set.info(hit.member).length) + "\t" +
                       identity.data() + "\t+\t0\t0\t" + (a.diffs > 0 ? a.cigar : std::string("=")) + "\t";
    line.append(set.header(hit.member)).push_back('\t');
    line.append(set.header(hit.seed)).push_back('\n');
    return line;
}

void seed_lines(std::string& out, const AmpliconSet& set, const SwarmInfo& s, std::uint32_t cluster) {
    const std::string id = std::to_string(cluster);
    out.append("C\t" + id + "\t" + std::to_string(s.size) + "\t*\t*\t*\t*\t*\t").append(set.header(s.seed)).append("\t*\n");
    out.append("S\t" + id + "\t" + std::to_string(set.info(s.seed).length) + "\t*\t*\t*\t*\t*\t")
        .append(set.header(s.seed))
        .append("\t*\n");
}
}  // namespace

namespace {
// Members in -u order: d = 1 list order, otherwise discovery order; seeds mark each swarm's start.
std::vector<Hit> uclust_order(const Clustering& c) {
    std::vector<Hit> order;
    std::uint32_t cluster = 0;
    if (c.differences != 1) {
        for (const std::uint32_t a : c.discovery) {
            order.push_back({a, c.swarms[c.swarm_of[a]].seed, c.swarm_of[a]});
        }
        return order;
    }
    for (const SwarmInfo& s : c.swarms) {
        if (s.attached) continue;
        for (std::uint32_t a = s.seed; a != k_none; a = c.next[a]) order.push_back({a, s.seed, cluster});
        ++cluster;
    }
    return order;
}
}  // namespace

std::string format_uclust(const AmpliconSet& set, const Clustering& c, OutputStyle style, int threads) {
    const std::vector<Hit> hits = uclust_order(c);
    std::vector<std::string> lines(hits.size());
    struct Workspace {
        AlignmentWorkspace alignment;
        std::vector<std::uint8_t> member, seed;
    };
    std::vector<Workspace> ws(static_cast<std::size_t>(std::max(threads, 1)));
    parallel_chunks(hits.size(), 256, threads, [&](std::size_t, std::size_t begin, std::size_t end, int w) {
        Workspace& mine = ws[static_cast<std::size_t>(w)];
        for (std::size_t k = begin; k < end; ++k) {
            if (hits[k].member == hits[k].seed) continue;
            set.unpack(hits[k].member, mine.member);
            set.unpack(hits[k].seed, mine.seed);
            lines[k] = hit_line(set, hits[k], align_global(mine.member, mine.seed, style.scoring, mine.alignment), style);
        }
    });
    std::string out;
    for (std::size_t k = 0; k < hits.size(); ++k) {
        if (hits[k].member == hits[k].seed) {
            seed_lines(out, set, c.swarms[c.swarm_of[hits[k].seed]], hits[k].cluster);
        } else {
            out.append(lines[k]);
        }
    }
    return out;
}

}  // namespace plateau::amplicon
