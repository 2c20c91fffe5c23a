// The compacted de Bruijn graph: unitigs (maximal non-branching paths of solid k-mers) and the
// links between their ends. End 2u is unitig u's left end, 2u+1 its right end; a link (a, b)
// means that leaving through end a enters through end b, and it is stored on both ends. Adjacent
// unitigs overlap by k-1 bases.
#pragma once

#include "assembly/solid_index.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::assembly {

struct Unitig {
    std::string seq;
    std::uint64_t count_sum = 0;  // sum of its k-mers' counts
    std::uint32_t kmers = 0;
    bool removed = false;
};

class UnitigGraph {
public:
    UnitigGraph(int k, std::vector<Unitig> nodes, std::vector<std::vector<std::uint32_t>> links);

    [[nodiscard]] int k() const { return m_k; }
    [[nodiscard]] std::size_t size() const { return m_nodes.size(); }
    [[nodiscard]] const Unitig& node(std::size_t u) const { return m_nodes[u]; }
    [[nodiscard]] double coverage(std::size_t u) const {
        return m_nodes[u].kmers ? double(m_nodes[u].count_sum) / m_nodes[u].kmers : 0.0;
    }
    [[nodiscard]] std::size_t length(std::size_t u) const { return m_nodes[u].seq.size(); }
    [[nodiscard]] const std::vector<std::uint32_t>& links(std::uint32_t end) const { return m_links[end]; }
    [[nodiscard]] bool removed(std::size_t u) const { return m_nodes[u].removed; }

    void remove_node(std::size_t u);
    void remove_link(std::uint32_t a, std::uint32_t b);
    /// Appends a node without links; returns its index.
    std::uint32_t add_node(Unitig node);
    /// Links end a to end b (both ways), unless they are linked already.
    void add_link(std::uint32_t a, std::uint32_t b);
    /// Merges every simple path into one unitig and drops removed ones; returns how many merges.
    std::size_t compact();

private:
    struct Step {
        std::uint32_t node;
        bool forward;
    };
    std::vector<Step> simple_path(std::uint32_t u, std::vector<std::uint8_t>& used) const;

    int m_k;
    std::vector<Unitig> m_nodes;
    std::vector<std::vector<std::uint32_t>> m_links;
};

/// Compacts the solid k-mers into unitigs and links them (sequential, in k-mer order).
[[nodiscard]] UnitigGraph build_unitig_graph(const SolidIndex& index);
[[nodiscard]] UnitigGraph build_unitig_graph(const WideSolidIndex& index);

}  // namespace plateau::assembly
