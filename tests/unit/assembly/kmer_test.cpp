// k-mer words against plain string operations.
#include "assembly/kmer.hpp"
#include "assembly/kmer_counter.hpp"

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
}  // namespace

TEST_CASE("KmerShape: encode, decode, reverse complement and canonical agree with strings", "[assembly][kmer]") {
    std::mt19937 rng(1);
    for (int k : {15, 21, 31, 33, 61, 63}) {
        CAPTURE(k);
        const KmerShape shape(k);
        for (int i = 0; i < 200; ++i) {
            const std::string s = random_dna(rng, std::size_t(k));
            const KmerWord x = shape.encode(s);
            CHECK(shape.decode(x) == s);
            CHECK(shape.decode(shape.reverse_complement(x)) == reverse_complement(s));
            CHECK(shape.decode(shape.canonical(x)) == canonical_string(s));
        }
    }
}

TEST_CASE("KmerShape: even or out-of-range k is a usage error", "[assembly][kmer]") {
    CHECK_THROWS_WITH(KmerShape(64), Catch::Contains("odd number from 15 to 63"));
    CHECK_THROWS(KmerShape(32));
    CHECK_THROWS(KmerShape(13));
}

TEST_CASE("for_each_canonical_kmer: every window of ACGT letters, none across an N", "[assembly][kmer]") {
    const KmerShape shape(15);
    std::mt19937 rng(2);
    std::string s = random_dna(rng, 100);
    s[40] = 'N';
    std::vector<std::string> expected;
    for (std::size_t i = 0; i + 15 <= s.size(); ++i) {
        const std::string w = s.substr(i, 15);
        if (w.find('N') == std::string::npos) expected.push_back(canonical_string(w));
    }
    std::vector<std::string> seen;
    for_each_canonical_kmer(shape, s, [&](KmerWord x) { seen.push_back(shape.decode(x)); });
    CHECK(seen == expected);
    CHECK(seen.size() == 100 - 15 + 1 - 15);
}

TEST_CASE("KmerCounter: solid k-mers and counts equal a brute-force count, at 1 and 4 threads", "[assembly][kmer]") {
    const int threads = GENERATE(1, 4);
    CAPTURE(threads);
    const KmerShape shape(21);
    std::mt19937 rng(3);
    const std::string genome = random_dna(rng, 3000);
    std::vector<std::string> reads;
    for (int i = 0; i < 2000; ++i) {
        std::string r = genome.substr(rng() % (genome.size() - 100), 100);
        if (rng() % 4 == 0) r[rng() % 100] = "ACGT"[rng() % 4];  // errors
        reads.push_back(r);
    }
    std::map<std::string, std::uint32_t> brute;
    for (const auto& r : reads)
        for (std::size_t i = 0; i + 21 <= r.size(); ++i) ++brute[canonical_string(r.substr(i, 21))];
    KmerCounter counter(shape, 1 << 16, 0, threads);  // a small filter: many false positives
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
}

TEST_CASE("first_minimum: the valley between the error peak and the coverage peak", "[assembly][kmer]") {
    CHECK(first_minimum({0, 9000, 800, 90, 40, 60, 200, 500, 300, 100, 0}) == 4);
    CHECK(first_minimum({0, 100, 50, 20, 10, 5, 1, 0, 0}) == 2);  // no coverage peak: 2
}
