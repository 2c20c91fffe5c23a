// Mercy k-mers against the rule stated by hand on a planted coverage gap.
#include "assembly/kmer.hpp"
#include "assembly/mercy.hpp"
#include "assembly/solid_index.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <set>

using namespace plateau::assembly;

TEST_CASE("find_mercy_kmers: a read across a coverage gap between a dead end and a dead start", "[assembly][mercy]") {
    const KmerShape shape(21);
    std::mt19937 rng(21);
    std::string genome(600, 'A');
    for (char& c : genome) c = "ACGT"[rng() % 4];
    // solid: every k-mer but those starting at 300..309 (a gap of 10 k-mers)
    std::vector<CountedKmer> solid;
    std::set<KmerWord> gap;
    for (std::size_t i = 0; i + 21 <= genome.size(); ++i) {
        const KmerWord x = shape.canonical(shape.encode(genome, i));
        if (i >= 300 && i < 310) {
            gap.insert(x);
        } else {
            solid.push_back({std::uint64_t(x >> 64), std::uint64_t(x), 10});
        }
    }
    std::sort(solid.begin(), solid.end());
    const SolidIndex index(shape, solid);
    std::vector<KmerWord> found;
    find_mercy_kmers(index, genome.substr(250, 100), found);  // covers k-mers 250..329
    CHECK(std::set<KmerWord>(found.begin(), found.end()) == gap);
    found.clear();
    find_mercy_kmers(index, reverse_complement(genome.substr(250, 100)), found);  // the other strand
    CHECK(std::set<KmerWord>(found.begin(), found.end()) == gap);
    found.clear();
    find_mercy_kmers(index, genome.substr(250, 55), found);  // ends inside the gap: no solid k-mer after it
    CHECK(found.empty());
    found.clear();
    std::string erroneous = genome.substr(250, 100);
    erroneous[60] = 'N';  // an N inside the gap breaks the read's support
    find_mercy_kmers(index, erroneous, found);
    CHECK(found.empty());
}

TEST_CASE("find_mercy_kmers: no rescue where the solid k-mers already continue (a branch, not a gap)", "[assembly][mercy]") {
    const KmerShape shape(21);
    std::mt19937 rng(22);
    std::string genome(400, 'A');
    for (char& c : genome) c = "ACGT"[rng() % 4];
    std::vector<CountedKmer> solid;
    for (std::size_t i = 0; i + 21 <= genome.size(); ++i) {
        const KmerWord x = shape.canonical(shape.encode(genome, i));
        solid.push_back({std::uint64_t(x >> 64), std::uint64_t(x), 10});
    }
    std::sort(solid.begin(), solid.end());
    solid.erase(std::unique(solid.begin(), solid.end(), [](const CountedKmer& a, const CountedKmer& b) {
        return a.high == b.high && a.low == b.low; }), solid.end());
    const SolidIndex index(shape, solid);
    std::string variant = genome.substr(100, 120);
    variant[60] = variant[60] == 'A' ? 'C' : 'A';  // an error: its k-mers are not solid, but both sides go on
    std::vector<KmerWord> found;
    find_mercy_kmers(index, variant, found);
    CHECK(found.empty());
}
