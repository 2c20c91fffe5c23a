// Pair-based joins on hand-built graphs: a two-copy repeat resolved when the pairs say one thing,
// left unresolved when they contradict each other or cannot span it; placements of reads on
// unitig ends derived by hand; the same joins whatever order the pairs come in.
#include "assembly/kmer.hpp"
#include "assembly/pair_anchor.hpp"
#include "assembly/pair_join.hpp"
#include "assembly/solid_index.hpp"
#include "assembly/unitig_graph.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

using namespace plateau::assembly;

namespace {

constexpr int k = 21;
constexpr std::size_t read_length = 100;

std::string random_dna(std::mt19937& rng, std::size_t n) {
    std::string s(n, 'A');
    for (char& c : s) c = "ACGT"[rng() % 4];
    return s;
}

UnitigGraph graph_of(const std::vector<std::string>& genomes) {
    const KmerShape shape(k);
    std::map<KmerWord, std::uint32_t> counts;
    for (const std::string& g : genomes) for_each_canonical_kmer(shape, g, [&](KmerWord x) { counts[x] += 20; });
    std::vector<CountedKmer> solid;
    for (const auto& [x, c] : counts) solid.push_back({std::uint64_t(x >> 64), std::uint64_t(x), c});
    UnitigGraph g = build_unitig_graph(SolidIndex(shape, std::move(solid)));
    g.compact();
    return g;
}

using Pair = std::pair<std::string, std::string>;

// Error-free forward-reverse pairs from both strands, a fragment every 4 bases, 380-420 bases long.
std::vector<Pair> pairs_of(const std::string& genome) {
    std::vector<Pair> pairs;
    for (const std::string& strand : {genome, reverse_complement(genome)}) {
        for (std::size_t s = 0, i = 0; s + 420 <= strand.size(); s += 4, ++i) {
            const std::string fragment = strand.substr(s, 380 + (i * 7) % 41);
            pairs.push_back({fragment.substr(0, read_length), reverse_complement(fragment).substr(0, read_length)});
        }
    }
    return pairs;
}

PairJoinStats join(UnitigGraph& g, const std::vector<Pair>& pairs, std::size_t min_overlap = 40) {
    const EndAnchors anchors(g, 1000);
    PairEvidence evidence;
    for (const auto& [a, b] : pairs) evidence.add(anchors, a, b);
    PairJoinParameters p;
    p.min_anchor_length = 300;
    p.min_overlap = min_overlap;
    return join_by_pairs(g, std::move(evidence), p);
}

std::vector<std::string> live_sequences(const UnitigGraph& g) {
    std::vector<std::string> out;
    for (std::size_t u = 0; u < g.size(); ++u) {
        if (!g.removed(u)) out.push_back(std::min(g.node(u).seq, reverse_complement(g.node(u).seq)));
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool inside(const std::string& piece, const std::string& genome) {
    return genome.find(piece) != std::string::npos || genome.find(reverse_complement(piece)) != std::string::npos;
}

}  // namespace

TEST_CASE("EndAnchors: a read placed on a unitig end, by hand", "[assembly][pairs]") {
    std::mt19937 rng(31);
    const std::string genome = random_dna(rng, 3000);
    const UnitigGraph g = graph_of({genome});
    REQUIRE(g.size() == 1);
    const bool flipped = g.node(0).seq != genome;  // the unitig may hold the reverse complement
    const EndAnchors anchors(g, 1000);
    // A read at genome position 2500, forward: the fragment runs right, 500 bases to the genome's end.
    const auto forward = anchors.place(genome.substr(2500, 100));
    REQUIRE(forward);
    CHECK(forward->inside == 500);
    CHECK(forward->end == (flipped ? 0u : 1u));
    // The reverse complement of genome[100, 200): the fragment runs left, 200 bases to the genome's start.
    const auto reverse = anchors.place(reverse_complement(genome.substr(100, 100)));
    REQUIRE(reverse);
    CHECK(reverse->inside == 200);
    CHECK(reverse->end == (flipped ? 1u : 0u));
    // The middle of the unitig is not indexed (more than 1,000 bases from both ends).
    CHECK_FALSE(anchors.place(genome.substr(1400, 100)));
}

TEST_CASE("join_by_pairs: a two-copy repeat shorter than the fragments is resolved", "[assembly][pairs]") {
    std::mt19937 rng(32);
    const std::string repeat = random_dna(rng, 150);
    const std::string genome =
        random_dna(rng, 1500) + repeat + random_dna(rng, 1500) + repeat + random_dna(rng, 1500);
    UnitigGraph g = graph_of({genome});
    REQUIRE(live_sequences(g).size() == 4);  // two flanks, the repeat, the middle
    const PairJoinStats stats = join(g, pairs_of(genome));
    CHECK(stats.insert_median == Approx(400).margin(21));
    CHECK(stats.joined == 2);
    const std::vector<std::string> live = live_sequences(g);
    REQUIRE(live.size() == 1);
    CHECK((live[0] == genome || live[0] == reverse_complement(genome)));
}

TEST_CASE("join_by_pairs: contradicting pairs leave the repeat unresolved", "[assembly][pairs]") {
    std::mt19937 rng(33);
    const std::string repeat = random_dna(rng, 150);
    const std::string a = random_dna(rng, 1500), b = random_dna(rng, 1500), c = random_dna(rng, 1500);
    const std::string genome = a + repeat + b + repeat + c;
    const std::string other = a + repeat + c;  // pairs that join a to c as often as a to b
    UnitigGraph g = graph_of({genome});
    const std::vector<std::string> before = live_sequences(g);
    std::vector<Pair> pairs = pairs_of(genome);
    for (const Pair& p : pairs_of(other)) pairs.push_back(p);
    const PairJoinStats stats = join(g, pairs);
    const std::vector<std::string> after = live_sequences(g);
    // a's end is ambiguous (b or c) and so is c's (a or b): nothing joins across the repeat.
    CHECK(stats.joined == 0);
    CHECK(after == before);
    for (const std::string& s : after) CHECK(inside(s, genome));
}

TEST_CASE("join_by_pairs: a repeat longer than the fragments is left unresolved", "[assembly][pairs]") {
    std::mt19937 rng(34);
    const std::string repeat = random_dna(rng, 600);
    const std::string genome =
        random_dna(rng, 1500) + repeat + random_dna(rng, 1500) + repeat + random_dna(rng, 1500);
    UnitigGraph g = graph_of({genome});
    const std::vector<std::string> before = live_sequences(g);
    const PairJoinStats stats = join(g, pairs_of(genome));
    CHECK(stats.candidates == 0);
    CHECK(stats.joined == 0);
    CHECK(live_sequences(g) == before);
}

TEST_CASE("join_by_pairs: the same joins whatever order the pairs come in", "[assembly][pairs]") {
    std::mt19937 rng(35);
    const std::string repeat = random_dna(rng, 120);
    const std::string genome = random_dna(rng, 1200) + repeat + random_dna(rng, 900) + repeat +
                               random_dna(rng, 1100) + repeat + random_dna(rng, 1000);
    std::vector<Pair> pairs = pairs_of(genome);
    UnitigGraph first = graph_of({genome});
    join(first, pairs);
    std::shuffle(pairs.begin(), pairs.end(), rng);
    UnitigGraph second = graph_of({genome});
    join(second, pairs);
    CHECK(live_sequences(first) == live_sequences(second));
    for (const std::string& s : live_sequences(first)) CHECK(inside(s, genome));
}

TEST_CASE("join_by_pairs: two dead ends that overlap by fewer than k-1 bases are joined", "[assembly][pairs]") {
    std::mt19937 rng(36);
    const std::string genome = random_dna(rng, 3000);
    // k-mers missing across 1500-1515: two unitigs sharing 15 bases, no link between them.
    UnitigGraph g = graph_of({genome.substr(0, 1515), genome.substr(1500)});
    REQUIRE(live_sequences(g).size() == 2);
    UnitigGraph strict = graph_of({genome.substr(0, 1515), genome.substr(1500)});
    CHECK(join(strict, pairs_of(genome), 16).overlaps == 0);  // 15 shared bases < 16: left apart
    CHECK(live_sequences(strict).size() == 2);
    const PairJoinStats stats = join(g, pairs_of(genome), 12);
    CHECK(stats.overlaps == 1);
    const std::vector<std::string> live = live_sequences(g);
    REQUIRE(live.size() == 1);
    CHECK((live[0] == genome || live[0] == reverse_complement(genome)));
}

TEST_CASE("extend_into_repeats: unique ends reach into the repeat they enter, by up to max_length", "[assembly][pairs]") {
    std::mt19937 rng(37);
    const std::string repeat = random_dna(rng, 600);
    const std::string a = random_dna(rng, 1500), bc = random_dna(rng, 1500), d = random_dna(rng, 1500);
    const std::string genome = a + repeat + bc + repeat + d;
    UnitigGraph g = graph_of({genome});
    const std::vector<std::string> before = live_sequences(g);
    REQUIRE(before.size() == 4);
    std::size_t before_bases = 0, after_bases = 0;
    for (const std::string& s : before) before_bases += s.size();
    PairJoinParameters p;
    p.min_anchor_length = 1000;
    CHECK(extend_into_repeats(g, p, 200) == 4);  // a's right end, both ends of bc, d's left end
    const std::vector<std::string> live = live_sequences(g);
    CHECK(live.size() == 4);  // the repeat stays, once
    for (const std::string& s : live) {
        CHECK(inside(s, genome));
        after_bases += s.size();
    }
    CHECK(after_bases == before_bases + 4 * 200);  // 200 new bases at each extended end
    // Each unique piece now reaches 200 bases into every copy of the repeat it touches.
    const std::vector<std::string> reaching{a + repeat.substr(0, 200), repeat.substr(400) + bc + repeat.substr(0, 200),
                                            repeat.substr(400) + d};
    for (const std::string& want : reaching) {
        CHECK(std::count_if(live.begin(), live.end(), [&](const std::string& s) { return inside(want, s); }) == 1);
    }
}

TEST_CASE("join_by_pairs: the rest of a repeat is not joined by elimination when copies are missing", "[assembly][pairs]") {
    std::mt19937 rng(38);
    const std::string repeat = random_dna(rng, 150);
    const std::string a = random_dna(rng, 1500), b = random_dna(rng, 1500), c = random_dna(rng, 1500),
                      d = random_dna(rng, 1500), x = random_dna(rng, 1500), y = random_dna(rng, 1500);
    // Three sequences hold the repeat; x and y were not assembled (no k-mers), so the graph has
    // a and c entering the repeat and b and d leaving it, but c's copy goes on to x, not d.
    const std::vector<std::string> truth{a + repeat + b, c + repeat + x, y + repeat + d};
    UnitigGraph g = graph_of({truth[0], c + repeat, repeat + d});
    std::vector<Pair> pairs;
    for (const std::string& t : truth)
        for (const Pair& p : pairs_of(t)) pairs.push_back(p);
    const PairJoinStats stats = join(g, pairs);
    CHECK(stats.joined == 1);  // a to b
    for (const std::string& s : live_sequences(g)) {
        CHECK(std::any_of(truth.begin(), truth.end(), [&](const std::string& t) { return inside(s, t); }));
    }
}
