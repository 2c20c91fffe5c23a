// Read placement near unitig ends, for pair-based joins: an index of the 31-mers within `window`
// bases of either end of every live unitig (31-mers seen at two places are dropped), and the
// placement of a read by two of its sampled 31-mers that agree on the unitig, strand and offset.
// A placement says where the fragment leaves the unitig: reads of a pair point into the fragment
// (forward-reverse libraries), so the fragment runs from the read's first base in the read's
// direction, and leaves the unitig through one end after `inside` bases.
#pragma once

#include "assembly/unitig_graph.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace plateau::assembly {

inline constexpr int k_anchor_k = 31;

struct MatePlacement {
    std::uint32_t end = 0;  // 2u: leaves unitig u through its left end; 2u+1: through its right end
    std::int32_t inside = 0;  // bases of the fragment inside u, from the read's first base to that end
};

class EndAnchors {
public:
    /// Indexes the 31-mers within `window` bases of each end of the live unitigs.
    EndAnchors(const UnitigGraph& graph, std::size_t window);

    /// Where the read lies, if two of its 31-mers (every `step`-th) agree on one unitig, strand and offset.
    [[nodiscard]] std::optional<MatePlacement> place(std::string_view read, int step = 4) const;
    [[nodiscard]] std::size_t size() const { return m_index.size(); }
    [[nodiscard]] const UnitigGraph& graph() const { return m_graph; }

private:
    struct Hit {
        std::uint32_t node;
        std::int32_t start;  // where the read (or its reverse complement) starts on the unitig
        bool reverse;        // the read is the unitig's reverse complement there
    };
    [[nodiscard]] std::optional<Hit> lookup(std::uint64_t fwd, std::uint64_t rc, std::size_t pos,
                                            std::size_t read_length) const;

    const UnitigGraph& m_graph;
    // canonical 31-mer -> node << 32 | position << 1 | (the node's k-mer there is the canonical one)
    std::unordered_map<std::uint64_t, std::uint64_t> m_index;
};

}  // namespace plateau::assembly
