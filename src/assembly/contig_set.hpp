// The final contigs: the live unitigs of at least min_length bases, each in its smaller
// orientation (lexicographically, against its reverse complement), ordered by length (longest
// first) then sequence, and named SPAdes-style NODE_<n>_length_<bases>_cov_<k-mer depth>.
// Writers for the contigs FASTA and the GFA 1 graph of the same unitigs.
#pragma once

#include "assembly/unitig_graph.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::assembly {

struct Contig {
    std::string name;
    std::string seq;
    double coverage = 0;
    std::uint32_t node = 0;  // unitig index in the graph
    bool flipped = false;    // seq is the unitig's reverse complement
};

[[nodiscard]] std::vector<Contig> select_contigs(const UnitigGraph& graph, std::uint32_t min_length);

/// FASTA text of the contigs, each sequence on one line (as MEGAHIT writes them).
[[nodiscard]] std::string contigs_fasta(const std::vector<Contig>& contigs);

/// GFA 1: a header, one S line per contig (LN:i, KC:i k-mer count, dp:f depth), one L line per
/// link between two contigs, with a (k-1)M overlap.
[[nodiscard]] std::string graph_gfa(const UnitigGraph& graph, const std::vector<Contig>& contigs);

/// N50 of a set of lengths (the length L such that pieces >= L hold half the total).
[[nodiscard]] std::uint64_t n50(std::vector<std::uint64_t> lengths, std::uint64_t total = 0);

}  // namespace plateau::assembly
