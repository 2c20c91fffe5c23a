#include "amplicon/swarm_output.hpp"

#include <algorithm>
#include <numeric>

namespace plateau::amplicon {

namespace {
void append_members(std::string& out, const AmpliconSet& set, const Clustering& c, std::uint32_t seed, char sep) {
    for (std::uint32_t a = seed; a != k_none; a = c.next[a]) {
        if (a != seed) out.push_back(sep);
        out.append(set.header(a));
    }
}
}  // namespace

std::string format_swarms(const AmpliconSet& set, const Clustering& c, OutputStyle) {
    std::string out;
    for (const SwarmInfo& s : c.swarms) {
        if (s.attached) continue;
        append_members(out, set, c, s.seed, ' ');
        out.push_back('\n');
    }
    return out;
}

std::string format_mothur(const AmpliconSet& set, const Clustering& c, OutputStyle) {
    const auto count = std::count_if(c.swarms.begin(), c.swarms.end(), [](const SwarmInfo& s) { return !s.attached; });
    std::string out = "swarm_" + std::to_string(c.differences) + "\t" + std::to_string(count);
    for (const SwarmInfo& s : c.swarms) {
        if (s.attached) continue;
        out.push_back('\t');
        append_members(out, set, c, s.seed, ',');
    }
    out.push_back('\n');
    return out;
}

std::string format_statistics(const AmpliconSet& set, const Clustering& c, OutputStyle style) {
    std::string out;
    for (const SwarmInfo& s : c.swarms) {
        if (s.attached) continue;
        out.append(std::to_string(s.size)).push_back('\t');
        out.append(std::to_string(s.mass)).push_back('\t');
        append_label(out, set, s.seed, style.usearch);
        out.push_back('\t');
        out.append(std::to_string(set.info(s.seed).abundance)).push_back('\t');
        out.append(std::to_string(s.singletons)).push_back('\t');
        out.append(std::to_string(s.maxgen)).push_back('\t');
        out.append(std::to_string(s.maxradius)).push_back('\n');
    }
    return out;
}

std::string format_seeds(const AmpliconSet& set, const Clustering& c, OutputStyle style) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < c.swarms.size(); ++i) {
        if (!c.swarms[i].attached) order.push_back(i);
    }
    if (c.differences != 0) std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        const SwarmInfo& a = c.swarms[x];
        const SwarmInfo& b = c.swarms[y];
        if (a.mass != b.mass) return a.mass > b.mass;
        return set.header(a.seed) < set.header(b.seed);
    });
    std::string out;
    std::vector<std::uint8_t> codes;
    for (std::uint32_t i : order) {
        const SwarmInfo& s = c.swarms[i];
        out.push_back('>');
        append_with_abundance(out, set, s.seed, s.mass, style.usearch);
        out.push_back('\n');
        set.unpack(s.seed, codes);
        for (std::uint8_t code : codes) out.push_back("ACGT"[code]);
        out.push_back('\n');
    }
    return out;
}

namespace {
std::string format_structure_dn(const AmpliconSet& set, const Clustering& c, OutputStyle style) {
    std::string out;
    for (const std::uint32_t a : c.discovery) {
        const std::uint32_t p = c.parent[a];
        if (p == k_none) continue;
        append_label(out, set, p, style.usearch);
        out.push_back('\t');
        append_label(out, set, a, style.usearch);
        out.push_back('\t');
        out.append(std::to_string(c.link_diffs[a])).push_back('\t');
        out.append(std::to_string(c.swarm_of[a] + 1)).push_back('\t');
        out.append(std::to_string(c.generation[a])).push_back('\n');
    }
    return out;
}
}  // namespace

std::string format_structure(const AmpliconSet& set, const Clustering& c, OutputStyle style) {
    if (c.differences != 1) return format_structure_dn(set, c, style);
    std::string out;
    std::uint32_t cluster = 0;
    for (const SwarmInfo& s : c.swarms) {
        if (s.attached) continue;
        ++cluster;
        for (std::uint32_t a = c.next[s.seed]; a != k_none; a = c.next[a]) {
            if (const std::uint32_t g = c.graft_parent[a]; g != k_none) {
                append_label(out, set, g, style.usearch);
                out.push_back('\t');
                append_label(out, set, a, style.usearch);
                out.append("\t2\t").append(std::to_string(cluster)).push_back('\t');
                out.append(std::to_string(c.generation[g] + 1)).push_back('\n');
            }
            if (const std::uint32_t p = c.parent[a]; p != k_none) {
                append_label(out, set, p, style.usearch);
                out.push_back('\t');
                append_label(out, set, a, style.usearch);
                out.append("\t1\t").append(std::to_string(cluster)).push_back('\t');
                out.append(std::to_string(c.generation[a])).push_back('\n');
            }
        }
    }
    return out;
}

}  // namespace plateau::amplicon
