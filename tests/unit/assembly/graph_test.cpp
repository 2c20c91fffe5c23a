// Graph cases built from known sequences: a tip clipped, a bubble popped, a repeat left unresolved
// rather than joined wrongly, and re-compaction. Expected contigs are the planted sequences.
#include "assembly/kmer.hpp"
#include "assembly/simplify.hpp"
#include "assembly/solid_index.hpp"
#include "assembly/unitig_graph.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace plateau::assembly;

namespace {

constexpr int k = 21;

std::string random_dna(std::mt19937& rng, std::size_t n) {
    std::string s(n, 'A');
    for (char& c : s) c = "ACGT"[rng() % 4];
    return s;
}

// Solid k-mers of sequences, each sequence's k-mers at its own count (summed where they meet).
UnitigGraph graph_of(const std::vector<std::pair<std::string, std::uint32_t>>& sequences) {
    const KmerShape shape(k);
    std::map<KmerWord, std::uint32_t> counts;
    for (const auto& [seq, count] : sequences)
        for_each_canonical_kmer(shape, seq, [&](KmerWord x) { counts[x] += count; });
    std::vector<CountedKmer> solid;
    for (const auto& [x, c] : counts) solid.push_back({std::uint64_t(x >> 64), std::uint64_t(x), c});
    return build_unitig_graph(SolidIndex(shape, std::move(solid)));
}

std::vector<std::string> live_sequences(const UnitigGraph& g) {
    std::vector<std::string> out;
    for (std::size_t u = 0; u < g.size(); ++u) {
        if (!g.removed(u)) out.push_back(g.node(u).seq);
    }
    return out;
}

bool same_strand_or_rc(const std::string& a, const std::string& b) { return a == b || reverse_complement(a) == b; }

bool inside(const std::string& piece, const std::string& genome) {
    return genome.find(piece) != std::string::npos || genome.find(reverse_complement(piece)) != std::string::npos;
}

CleaningParameters defaults() {
    CleaningParameters p;
    p.max_tip_length = 2 * k;
    p.max_bubble_length = 20 * k;
    p.low_local_max_length = 2 * k;
    return p;
}

}  // namespace

TEST_CASE("unitigs: a linear sequence is one unitig, its k-mers all linked", "[assembly][graph]") {
    std::mt19937 rng(11);
    const std::string genome = random_dna(rng, 1000);
    UnitigGraph g = graph_of({{genome, 10}});
    REQUIRE(live_sequences(g).size() == 1);
    CHECK(same_strand_or_rc(live_sequences(g)[0], genome));
    CHECK(g.coverage(0) == Approx(10.0));
}

TEST_CASE("clean_graph: a low-coverage tip is clipped and the path re-joined", "[assembly][graph]") {
    std::mt19937 rng(12);
    const std::string genome = random_dna(rng, 2000);
    const std::string tip = genome.substr(900, 100) + random_dna(rng, 15);  // leaves the genome at 1000
    UnitigGraph g = graph_of({{genome, 20}, {tip, 2}});
    CHECK(live_sequences(g).size() == 3);  // genome split in two at the branch, plus the tip
    const CleaningStats stats = clean_graph(g, defaults());
    CHECK(stats.tips == 1);
    REQUIRE(live_sequences(g).size() == 1);
    CHECK(same_strand_or_rc(live_sequences(g)[0], genome));
}

TEST_CASE("clean_graph: a bubble from a sequencing error is popped, the deeper branch kept", "[assembly][graph]") {
    std::mt19937 rng(13);
    const std::string genome = random_dna(rng, 2000);
    std::string variant = genome.substr(800, 400);
    variant[200] = variant[200] == 'A' ? 'C' : 'A';
    UnitigGraph g = graph_of({{genome, 20}, {variant, 3}});
    const CleaningStats stats = clean_graph(g, defaults());
    CHECK(stats.bubbles + stats.weak_links + stats.low_local >= 1);
    REQUIRE(live_sequences(g).size() == 1);
    CHECK(same_strand_or_rc(live_sequences(g)[0], genome));
}

TEST_CASE("clean_graph: a two-copy repeat longer than k stays unresolved, never joined wrongly", "[assembly][graph]") {
    std::mt19937 rng(14);
    const std::string repeat = random_dna(rng, 300);
    const std::string genome = random_dna(rng, 1500) + repeat + random_dna(rng, 1500) + repeat + random_dna(rng, 1500);
    UnitigGraph g = graph_of({{genome, 20}});
    clean_graph(g, defaults());
    const auto pieces = live_sequences(g);
    CHECK(pieces.size() == 4);  // A, R (collapsed, coverage 40), B, C
    for (const std::string& p : pieces) CHECK(inside(p, genome));
    std::size_t total = 0;
    for (const std::string& p : pieces) total += p.size();
    // A+R[0,k-1), R, R[-(k-1):]+B+R[0,k-1), R[-(k-1):]+C: the genome less one copy of R, plus 4 overlaps
    CHECK(total == genome.size() - repeat.size() + 4 * (k - 1));
}
