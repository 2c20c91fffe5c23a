// Swarm d=1 growth order, fastidious grafting, the output formats, alignment and SHA-1 on small
// cases worked out by hand; same results at 1 and 4 threads.
#include "amplicon/fastidious.hpp"
#include "amplicon/edit_distance.hpp"
#include "amplicon/global_alignment.hpp"
#include "amplicon/sha1.hpp"
#include "amplicon/swarm_input.hpp"
#include "amplicon/swarm_output.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <sstream>

using namespace plateau::amplicon;

namespace {
struct Run {
    AmpliconSet set;
    Clustering c;
};

Run cluster(const std::string& fasta, int threads, bool fastidious, bool usearch = false) {
    Run r{parse_swarm_fasta(fasta, "t.fa", usearch), {}};
    const Zobrist z(r.set.longest());
    std::vector<std::uint8_t> codes;
    for (std::size_t i = 0; i < r.set.size(); ++i) {
        r.set.unpack(i, codes);
        r.set.info(i).hash = z.hash(codes);
    }
    const HashIndex index(r.set, "t.fa");
    r.c = grow_swarms(r.set, build_network(r.set, z, index, threads, false));
    if (fastidious) graft_light_swarms(r.set, 3, threads, r.c);
    return r;
}

std::string all_outputs(const Run& r, bool usearch) {
    const OutputStyle st{usearch, Scoring{}};
    return format_swarms(r.set, r.c, st) + format_statistics(r.set, r.c, st) + format_seeds(r.set, r.c, st) +
           format_structure(r.set, r.c, st) + format_uclust(r.set, r.c, st, 2);
}
}  // namespace

TEST_CASE("clustering: generations sorted by index, parent is the first discoverer, downhill only",
          "[amplicon][clustering]") {
    // s (10) -> a (5), b (5); a -> c (2) and b -> c (2): c's parent is a (lower index); x is
    // far from all: a swarm of its own.
    const Run r = cluster(">s_10\nAAAAAAAA\n>a_5\nAAAAAAAC\n>b_5\nCAAAAAAA\n>c_2\nCAAAAAAC\n>x_3\nGGGGGGGG\n", 1, false);
    CHECK(format_swarms(r.set, r.c, {}) == "s_10 a_5 b_5 c_2\nx_3\n");
    CHECK(format_structure(r.set, r.c, {}) == "s\ta\t1\t1\t1\ns\tb\t1\t1\t1\na\tc\t1\t1\t2\n");
    CHECK(format_statistics(r.set, r.c, {}) == "4\t22\ts\t10\t0\t2\t2\n1\t3\tx\t3\t0\t0\t0\n");
}

TEST_CASE("clustering: no link to a more abundant neighbour", "[amplicon][clustering]") {
    const Run r = cluster(">big_9\nACGTACGT\n>mid_4\nACGTACGA\n>top_5\nACGTACCA\n", 1, false);
    // order: big(9) top(5) mid(4); big -> mid (9 >= 4); top -> mid also, but mid is taken.
    CHECK(format_swarms(r.set, r.c, {}) == "big_9 mid_4\ntop_5\n");
}

TEST_CASE("clustering: fastidious grafts light swarms 2 edits away onto the heavy swarm's tail",
          "[amplicon][clustering]") {
    // H (5) heavy; L1 (1) two substitutions away: light swarm (mass 1 < 3) grafted; L2 (2) is 3 edits
    // away from H: not grafted.
    const std::string fasta = ">H_5\nAAAAAAAAAAAA\n>L1_1\nAACAAAAAACAA\n>L2_2\nCCCAAAAAAAAA\n";
    const Run r = cluster(fasta, 1, true);
    CHECK(format_swarms(r.set, r.c, {}) == "H_5 L1_1\nL2_2\n");
    CHECK(format_structure(r.set, r.c, {}) == "H\tL1\t2\t1\t1\n");
    CHECK(format_statistics(r.set, r.c, {}) == "2\t6\tH\t5\t1\t0\t0\n1\t2\tL2\t2\t0\t0\t0\n");
    CHECK(format_seeds(r.set, r.c, {}) == ">H_6\nAAAAAAAAAAAA\n>L2_2\nCCCAAAAAAAAA\n");
}

TEST_CASE("clustering: -z labels keep the other fields", "[amplicon][clustering]") {
    const Run r = cluster(">a;size=5;x=1\nACGT\n>size=2;b\nACGA\n", 1, false, true);
    CHECK(format_seeds(r.set, r.c, {true, Scoring{}}) == ">a;size=7;x=1\nACGT\n");
    CHECK(format_statistics(r.set, r.c, {true, Scoring{}}) == "2\t7\ta;x=1\t5\t0\t1\t1\n");
    CHECK(format_structure(r.set, r.c, {true, Scoring{}}) == "a;x=1\tb\t1\t1\t1\n");
}

TEST_CASE("clustering: identical outputs at 1 and 4 threads", "[amplicon][clustering][threads]") {
    std::mt19937 rng(3);
    std::string fasta;
    const std::string root = "ACGTTGCAACGTAGCTAGCTAGGATCCGATCGATCGTAGCTAGCTAGCTACGATCG";
    for (int i = 0; i < 3000; ++i) {
        std::string s = root;
        for (int e = 0; e < 3; ++e) s[rng() % s.size()] = "ACGT"[rng() % 4];
        if (rng() % 4 == 0) s.erase(rng() % s.size(), 1);
        fasta += ">r" + std::to_string(i) + "_" + std::to_string(1 + rng() % 4) + "\n" + s + "\n";
    }
    // drop duplicate sequences (the input must be dereplicated)
    std::string dedup;
    std::set<std::string> seen;
    std::istringstream in(fasta);
    for (std::string h, s; std::getline(in, h) && std::getline(in, s);) {
        if (seen.insert(s).second) dedup += h + "\n" + s + "\n";
    }
    for (const bool f : {false, true}) {
        CHECK(all_outputs(cluster(dedup, 1, f), false) == all_outputs(cluster(dedup, 4, f), false));
    }
}

TEST_CASE("clustering: duplicate sequences are rejected naming both records", "[amplicon][clustering]") {
    CHECK_THROWS_WITH(cluster(">a_2\nACGT\n>b_1\nacgu\n", 1, false),
                      Catch::Matchers::Contains("lines 1 and 3") && Catch::Matchers::Contains("identical sequences"));
}

TEST_CASE("alignment: swarm's costs and backtracking", "[amplicon][alignment]") {
    AlignmentWorkspace ws;
    const std::vector<std::uint8_t> seed{0, 1, 2, 3, 0, 1}, sub{0, 1, 1, 3, 0, 1}, del{0, 1, 3, 0, 1}, ins{0, 1, 2, 2, 3, 0, 1};
    AlignmentResult r = align_global(sub, seed, Scoring{}, ws);
    CHECK(r.cigar == "6M");
    CHECK(r.diffs == 1);
    r = align_global(del, seed, Scoring{}, ws);  // swarm 3.1.2 -u: 2MD3M for ACTAC against ACGTAC
    CHECK(r.length == 6);
    CHECK(r.diffs == 1);
    CHECK(r.cigar == "2MD3M");
    r = align_global(ins, seed, Scoring{}, ws);
    CHECK(r.length == 7);
    CHECK(r.cigar == "3MI3M");  // swarm 3.1.2 -u writes 3MI3M for ACGGTAC against ACGTAC
}

TEST_CASE("edit distance: banded, exact up to the limit", "[amplicon][alignment]") {
    using S = std::vector<std::uint8_t>;
    CHECK(bounded_edit_distance(S{0, 1, 2}, S{0, 1, 2}, 2) == 0);
    CHECK(bounded_edit_distance(S{0, 1, 2}, S{0, 2}, 2) == 1);
    CHECK(bounded_edit_distance(S{0, 1, 2, 3}, S{1, 0, 2, 3}, 2) == 2);
    CHECK(bounded_edit_distance(S{0, 0, 0, 0}, S{1, 1, 1, 1}, 2) == 3);
    CHECK(bounded_edit_distance(S{0}, S{0, 1, 2, 3}, 2) == 3);
    CHECK(bounded_edit_distance(S{}, S{1, 2}, 2) == 2);
}

TEST_CASE("sha1: FIPS 180 test vectors", "[amplicon][sha1]") {
    CHECK(sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}
