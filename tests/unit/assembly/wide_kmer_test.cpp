// k above 63 (256-bit words) against plain string operations, a brute-force count, the 128-bit
// words for k <= 63, and a repeat that only a k longer than it resolves.
#include "assembly/kmer.hpp"
#include "assembly/kmer_counter.hpp"
#include "assembly/solid_index.hpp"
#include "assembly/unitig_graph.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <thread>

using namespace plateau::assembly;

namespace {
std::string random_dna(std::mt19937& rng, std::size_t n) {
    std::string s(n, 'A');
    for (char& c : s) c = "ACGT"[rng() % 4];
    return s;
}
std::string canonical_string(const std::string& s) {
    const std::string rc = reverse_complement(s);
    return rc < s ? rc : s;
}

// The unitigs of a genome's k-mers (each seen 10 times), built with words of type W.
template <class W>
UnitigGraph graph_of(const std::string& genome, int k) {
    const BasicKmerShape<W> shape(k);
    std::map<W, std::uint32_t> counts;
    for_each_canonical_kmer(shape, genome, [&](W x) { counts[x] += 10; });
    std::vector<CountedKmerOf<W>> solid;
    for (const auto& [x, c] : counts) solid.push_back(make_counted(x, c));
    return build_unitig_graph(BasicSolidIndex<W>(shape, std::move(solid)));
}
}  // namespace

TEST_CASE("KmerWord256: shifts, masks and order agree with the two 128-bit halves", "[assembly][kmer]") {
    const KmerWord256 one(1);
    CHECK((one << 200).hi == Word128(1) << 72);
    CHECK((one << 200).lo == 0);
    CHECK(((one << 200) >> 199).lo == 2);
    CHECK(((one << 127) << 1).hi == 1);
    CHECK((~KmerWord256(0) >> 130).hi == 0);
    CHECK((~KmerWord256(0) >> 130).lo == (~Word128(0) >> 2));
    CHECK((~KmerWord256(0) >> 2).hi == (~Word128(0) >> 2));
    CHECK((~KmerWord256(0) >> 2).lo == ~Word128(0));
    CHECK(KmerWord256(5) < (one << 128));
    CHECK(!((one << 128) < KmerWord256(5)));
    CHECK(int((KmerWord256(7) | (one << 250)) & KmerWord256(3)) == 3);
}

TEST_CASE("WideKmerShape: encode, decode, reverse complement and canonical agree with strings", "[assembly][kmer]") {
    std::mt19937 rng(11);
    for (int k : {15, 63, 65, 81, 99, 127}) {
        CAPTURE(k);
        const WideKmerShape shape(k);
        for (int i = 0; i < 200; ++i) {
            const std::string s = random_dna(rng, std::size_t(k));
            const KmerWord256 x = shape.encode(s);
            CHECK(shape.decode(x) == s);
            CHECK(shape.decode(shape.reverse_complement(x)) == reverse_complement(s));
            CHECK(shape.decode(shape.canonical(x)) == canonical_string(s));
            CHECK(shape.first_base(x) == base_code(s.front()));
            CHECK(shape.last_base(x) == base_code(s.back()));
        }
    }
    CHECK_THROWS_WITH(WideKmerShape(129), Catch::Contains("odd number from 15 to 127"));
    CHECK_THROWS(WideKmerShape(100));
}

TEST_CASE("for_each_canonical_kmer: 128-bit and 256-bit words give the same k-mers for k <= 63", "[assembly][kmer]") {
    std::mt19937 rng(12);
    std::string s = random_dna(rng, 400);
    s[200] = 'N';
    for (int k : {21, 63}) {
        const KmerShape narrow(k);
        const WideKmerShape wide(k);
        std::vector<std::string> a, b;
        for_each_canonical_kmer(narrow, s, [&](KmerWord x) { a.push_back(narrow.decode(x)); });
        for_each_canonical_kmer(wide, s, [&](KmerWord256 x) { b.push_back(wide.decode(x)); });
        CHECK(a == b);
        CHECK(a.size() == std::size_t(400 - k + 1 - k));
    }
}

TEST_CASE("KmerCounter at k=99: solid k-mers and counts equal a brute-force count, at 1 and 4 threads", "[assembly][kmer]") {
    const int threads = GENERATE(1, 4);
    CAPTURE(threads);
    constexpr int k = 99;
    const WideKmerShape shape(k);
    std::mt19937 rng(13);
    const std::string genome = random_dna(rng, 3000);
    std::vector<std::string> reads;
    for (int i = 0; i < 1500; ++i) {
        std::string r = genome.substr(rng() % (genome.size() - 150), 150);
        if (rng() % 4 == 0) r[rng() % 150] = "ACGT"[rng() % 4];  // errors
        reads.push_back(r);
    }
    std::map<std::string, std::uint32_t> brute;
    for (const auto& r : reads)
        for (std::size_t i = 0; i + k <= r.size(); ++i) ++brute[canonical_string(r.substr(i, k))];
    BasicKmerCounter<KmerWord256> counter(shape, 1 << 16, 0, threads);
    auto run = [&](auto&& f) {
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] { for (std::size_t i = std::size_t(t); i < reads.size(); i += std::size_t(threads)) f(std::size_t(t), reads[i]); });
        for (auto& th : pool) th.join();
    };
    run([&](std::size_t w, const std::string& r) { counter.add_candidates(w, r); });
    counter.finish_candidates();
    run([&](std::size_t w, const std::string& r) { counter.count(w, r); });
    counter.finish_counts();
    const auto solid = counter.take_solid(2);
    std::map<std::string, std::uint32_t> expected;
    for (const auto& [kmer, n] : brute) if (n >= 2) expected[kmer] = n;
    std::map<std::string, std::uint32_t> got;
    for (const auto& c : solid) got[shape.decode(c.kmer())] = c.count;
    CHECK(got == expected);
    CHECK(std::is_sorted(solid.begin(), solid.end()));
}

TEST_CASE("unitigs: a 90-bp two-copy repeat splits the graph at k=63 and not at k=99", "[assembly][graph]") {
    std::mt19937 rng(14);
    const std::string repeat = random_dna(rng, 90);
    const std::string genome = random_dna(rng, 800) + repeat + random_dna(rng, 800) + repeat + random_dna(rng, 800);
    // k=63 < 90: the repeat's k-mers are shared, so it becomes its own unitig between branches.
    const UnitigGraph short_k = graph_of<KmerWord>(genome, 63);
    CHECK(short_k.size() > 1);
    // k=99 > 90 + 1: no k-mer occurs twice, so the whole genome is one unitig, equal to it.
    const UnitigGraph long_k = graph_of<KmerWord256>(genome, 99);
    REQUIRE(long_k.size() == 1);
    const std::string& seq = long_k.node(0).seq;
    CHECK((seq == genome || seq == reverse_complement(genome)));
}
