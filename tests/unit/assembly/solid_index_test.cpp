// The solid index's lookups and edge table against a brute-force statement of the de Bruijn
// graph (a std::set of canonical k-mers and string operations), the same at 1 and 4 threads.
#include "assembly/kmer.hpp"
#include "assembly/solid_index.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <set>

using namespace plateau::assembly;

namespace {

template <class W>
void check_edges(int k, std::uint32_t seed) {
    const BasicKmerShape<W> shape(k);
    std::mt19937 rng(seed);
    std::string genome(3000, 'A');
    for (char& c : genome) c = "ACGT"[rng() % 4];
    std::string tail(300, 'A');
    for (char& c : tail) c = "ACGT"[rng() % 4];
    genome += genome.substr(500, 400) + tail;  // a repeat: a branching k-mer at each end of it
    std::set<W> kmers;
    for_each_canonical_kmer(shape, genome, [&](W x) { kmers.insert(x); });
    std::vector<CountedKmerOf<W>> solid;
    for (W x : kmers) solid.push_back(make_counted(x, 5));
    const BasicSolidIndex<W> one(shape, solid, 1);
    const BasicSolidIndex<W> four(shape, solid, 4);
    const auto brute_out = [&](W oriented) {
        unsigned mask = 0;
        const std::string s = shape.decode(oriented).substr(1);
        for (int b = 0; b < 4; ++b) {
            if (kmers.count(shape.canonical(shape.encode(s + base_letter(b))))) mask |= 1u << b;
        }
        return mask;
    };
    REQUIRE(one.size() == kmers.size());
    std::size_t branching = 0;
    for (std::uint32_t i = 0; i < one.size(); ++i) {
        const W x = one[i].kmer();
        const W rc = shape.reverse_complement(x);
        CHECK(one.find(x) == i);
        CHECK(one.find_oriented(rc) == i);
        CHECK(one.out_edges(x, i) == brute_out(x));
        CHECK(one.out_edges(rc, i) == brute_out(rc));
        CHECK(one.in_edges(x, i) == brute_out(rc));
        CHECK(four.out_edges(x, i) == one.out_edges(x, i));
        CHECK(four.out_edges(rc, i) == one.out_edges(rc, i));
        branching += std::popcount(one.out_edges(x, i)) > 1 || std::popcount(one.out_edges(rc, i)) > 1;
    }
    CHECK(branching == 2);
    // k-mers that are not solid are not found
    std::string other(500, 'A');
    for (char& c : other) c = "ACGT"[rng() % 4];
    for_each_canonical_kmer(shape, other, [&](W x) {
        if (!kmers.count(x)) CHECK(one.find(x) == BasicSolidIndex<W>::npos);
    });
}

}  // namespace

TEST_CASE("solid index: lookups and edge table against a brute-force graph, 1 and 4 threads", "[assembly][index]") {
    check_edges<KmerWord>(21, 31);
    check_edges<KmerWord>(63, 32);
    check_edges<KmerWord256>(99, 33);
}
