// Compaction of the solid k-mers into unitigs and the links between unitig ends (unitig_graph.hpp).
#include "assembly/unitig_graph.hpp"

#include <algorithm>
#include <bit>
#include <unordered_map>

namespace plateau::assembly {

namespace {

struct KmerWordHash {
    template <class W>
    std::size_t operator()(W x) const { return std::size_t(kmer_hash(x)); }
};

// Extends oriented k-mer x (solid k-mer number xi) to the right while the path does not branch;
// appends the new bases. One lookup a step: the edge table gives the degrees.
template <class W>
void extend_right(const BasicSolidIndex<W>& index, W x, std::uint32_t xi, std::vector<std::uint8_t>& visited,
                  std::string& bases, std::uint64_t& count_sum) {
    const BasicKmerShape<W>& shape = index.shape();
    W rc = shape.reverse_complement(x);
    for (;;) {
        const unsigned out = index.out_edges(x, xi);
        if (std::popcount(out) != 1) return;
        const int b = std::countr_zero(out);
        const W y = shape.push_right(x, b);
        const W y_rc = shape.push_left_rc(rc, b);
        const std::uint32_t i = index.find(y_rc < y ? y_rc : y);
        if (std::popcount(index.in_edges(y, i)) != 1 || visited[i]) return;
        visited[i] = 1;
        bases.push_back(base_letter(b));
        count_sum += index[i].count;
        x = y;
        rc = y_rc;
        xi = i;
    }
}

template <class W>
Unitig unitig_from(const BasicSolidIndex<W>& index, std::uint32_t seed, std::vector<std::uint8_t>& visited) {
    const BasicKmerShape<W>& shape = index.shape();
    visited[seed] = 1;
    const W x = index[seed].kmer();
    Unitig u;
    u.count_sum = index[seed].count;
    std::string right, left;
    extend_right(index, x, seed, visited, right, u.count_sum);
    extend_right(index, shape.reverse_complement(x), seed, visited, left, u.count_sum);
    u.seq = reverse_complement(left) + shape.decode(x) + right;
    u.kmers = std::uint32_t(u.seq.size()) - std::uint32_t(shape.k()) + 1;
    return u;
}

// The oriented k-mer by which a walk enters each end: the first k-mer for the left end, the
// reverse complement of the last k-mer for the right end.
template <class W>
std::unordered_map<W, std::uint32_t, KmerWordHash> entering_kmers(const BasicKmerShape<W>& shape,
                                                                   const std::vector<Unitig>& nodes) {
    std::unordered_map<W, std::uint32_t, KmerWordHash> entering;
    entering.reserve(nodes.size() * 2);
    const std::size_t k = std::size_t(shape.k());
    for (std::uint32_t u = 0; u < nodes.size(); ++u) {
        const std::string& s = nodes[u].seq;
        entering[shape.encode(s, 0)] = 2 * u;
        entering[shape.reverse_complement(shape.encode(s, s.size() - k))] = 2 * u + 1;
    }
    return entering;
}

template <class W>
UnitigGraph build_graph(const BasicSolidIndex<W>& index) {
    const BasicKmerShape<W>& shape = index.shape();
    std::vector<std::uint8_t> visited(index.size(), 0);
    std::vector<Unitig> nodes;
    for (std::uint32_t i = 0; i < index.size(); ++i) {
        if (!visited[i]) nodes.push_back(unitig_from(index, i, visited));
    }
    const auto entering = entering_kmers(shape, nodes);
    std::vector<std::vector<std::uint32_t>> links(2 * nodes.size());
    std::array<W, 4> next{};
    for (std::uint32_t end = 0; end < links.size(); ++end) {
        const std::string& s = nodes[end / 2].seq;
        const W first = shape.encode(s, 0);
        const W leaving = (end & 1) ? shape.encode(s, s.size() - std::size_t(shape.k()))
                                           : shape.reverse_complement(first);
        const int n = index.successors(leaving, next);
        for (int j = 0; j < n; ++j) {
            const auto it = entering.find(next[std::size_t(j)]);
            if (it != entering.end()) links[end].push_back(it->second);
        }
        std::sort(links[end].begin(), links[end].end());
    }
    return UnitigGraph(shape.k(), std::move(nodes), std::move(links));
}

}  // namespace

UnitigGraph build_unitig_graph(const SolidIndex& index) { return build_graph(index); }
UnitigGraph build_unitig_graph(const WideSolidIndex& index) { return build_graph(index); }

}  // namespace plateau::assembly
