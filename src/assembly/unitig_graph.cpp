// Unitig graph: editing and re-compaction (unitig_graph.hpp).
#include "assembly/unitig_graph.hpp"

#include <algorithm>

namespace plateau::assembly {

UnitigGraph::UnitigGraph(int k, std::vector<Unitig> nodes, std::vector<std::vector<std::uint32_t>> links)
    : m_k(k), m_nodes(std::move(nodes)), m_links(std::move(links)) {}

void UnitigGraph::remove_link(std::uint32_t a, std::uint32_t b) {
    auto drop = [](std::vector<std::uint32_t>& v, std::uint32_t x) {
        v.erase(std::remove(v.begin(), v.end(), x), v.end());
    };
    drop(m_links[a], b);
    drop(m_links[b], a);
}

std::uint32_t UnitigGraph::add_node(Unitig node) {
    m_nodes.push_back(std::move(node));
    m_links.resize(2 * m_nodes.size());
    return std::uint32_t(m_nodes.size() - 1);
}

void UnitigGraph::add_link(std::uint32_t a, std::uint32_t b) {
    if (std::find(m_links[a].begin(), m_links[a].end(), b) != m_links[a].end()) return;
    m_links[a].push_back(b);
    if (a != b) m_links[b].push_back(a);
}

void UnitigGraph::remove_node(std::size_t u) {
    for (std::uint32_t end : {std::uint32_t(2 * u), std::uint32_t(2 * u + 1)}) {
        const std::vector<std::uint32_t> partners = m_links[end];
        for (std::uint32_t p : partners) remove_link(end, p);
    }
    m_nodes[u].removed = true;
}

// The maximal simple path through u, in order, marking its nodes used.
std::vector<UnitigGraph::Step> UnitigGraph::simple_path(std::uint32_t u, std::vector<std::uint8_t>& used) const {
    // Walk left to the path's start (stopping if the walk comes back to u: a cycle).
    Step start{u, true};
    for (std::size_t steps = 0; steps < m_nodes.size(); ++steps) {
        const std::uint32_t out = start.forward ? 2 * start.node : 2 * start.node + 1;
        if (m_links[out].size() != 1) break;
        const std::uint32_t f = m_links[out][0];
        if (f / 2 == u || f / 2 == start.node || m_links[f].size() != 1 || used[f / 2]) break;
        start = Step{f / 2, (f & 1) == 1};
    }
    std::vector<Step> path{start};
    used[start.node] = 1;
    for (;;) {
        const Step last = path.back();
        const std::uint32_t out = last.forward ? 2 * last.node + 1 : 2 * last.node;
        if (m_links[out].size() != 1) break;
        const std::uint32_t f = m_links[out][0];
        if (used[f / 2] || m_links[f].size() != 1) break;
        path.push_back(Step{f / 2, (f & 1) == 0});
        used[f / 2] = 1;
    }
    return path;
}

std::size_t UnitigGraph::compact() {
    std::vector<std::uint8_t> used(m_nodes.size(), 0);
    std::vector<std::uint32_t> new_end(2 * m_nodes.size(), ~std::uint32_t(0));
    std::vector<Unitig> nodes;
    std::vector<std::vector<std::uint32_t>> old_links;  // per new end, old partner ends
    std::size_t merges = 0;
    const std::size_t overlap = std::size_t(m_k - 1);
    for (std::uint32_t u = 0; u < m_nodes.size(); ++u) {
        if (used[u] || m_nodes[u].removed) continue;
        const std::vector<Step> path = simple_path(u, used);
        Unitig merged;
        for (const Step& s : path) {
            const Unitig& n = m_nodes[s.node];
            const std::string piece = s.forward ? n.seq : reverse_complement(n.seq);
            merged.seq += merged.seq.empty() ? piece : piece.substr(overlap);
            merged.count_sum += n.count_sum;
            merged.kmers += n.kmers;
        }
        merges += path.size() - 1;
        const std::uint32_t left = path.front().forward ? 2 * path.front().node : 2 * path.front().node + 1;
        const std::uint32_t right = path.back().forward ? 2 * path.back().node + 1 : 2 * path.back().node;
        const auto id = std::uint32_t(nodes.size());
        new_end[left] = 2 * id;
        new_end[right] = 2 * id + 1;
        old_links.push_back(m_links[left]);
        old_links.push_back(m_links[right]);
        nodes.push_back(std::move(merged));
    }
    std::vector<std::vector<std::uint32_t>> links(old_links.size());
    for (std::size_t e = 0; e < old_links.size(); ++e) {
        for (std::uint32_t old : old_links[e]) {
            if (new_end[old] != ~std::uint32_t(0)) links[e].push_back(new_end[old]);
        }
        std::sort(links[e].begin(), links[e].end());
    }
    m_nodes = std::move(nodes);
    m_links = std::move(links);
    return merges;
}

}  // namespace plateau::assembly
