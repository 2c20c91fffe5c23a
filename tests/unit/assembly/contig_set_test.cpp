// Contig selection and naming, and N50, against hand-made graphs and hand-derived values.
#include "assembly/contig_set.hpp"
#include "assembly/kmer.hpp"

#include <catch2/catch.hpp>

using namespace plateau::assembly;

TEST_CASE("n50: half of the total, longest first", "[assembly][contigs]") {
    CHECK(n50({100, 200, 300, 400}) == 300);       // total 1000: 400 + 300 = 700 >= 500
    CHECK(n50({500, 100, 100, 100, 100, 100}) == 500);
    CHECK(n50({10, 10}) == 10);
    CHECK(n50({}) == 0);
    CHECK(n50({100, 200}, 1000) == 0);             // against a larger total: never reached
}

TEST_CASE("select_contigs: length filter, smaller orientation, longest first, SPAdes-style names", "[assembly][contigs]") {
    std::vector<Unitig> nodes(4);
    nodes[0].seq = std::string(300, 'T');  // its reverse complement (all A) is smaller
    nodes[0].count_sum = 300 * 4;
    nodes[0].kmers = 300 - 20;
    nodes[1].seq = "ACGT" + std::string(396, 'C');
    nodes[1].count_sum = 380 * 10;
    nodes[1].kmers = 380;
    nodes[2].seq = std::string(100, 'G');  // below 200: left out
    nodes[2].kmers = 80;
    nodes[3].seq = std::string(500, 'A');
    nodes[3].removed = true;               // removed: left out
    nodes[3].kmers = 480;
    const UnitigGraph g(21, nodes, std::vector<std::vector<std::uint32_t>>(8));
    const auto contigs = select_contigs(g, 200);
    REQUIRE(contigs.size() == 2);
    CHECK(contigs[0].name == "NODE_1_length_400_cov_10.00");
    CHECK(contigs[0].seq == nodes[1].seq);  // "ACGTCCC..." is smaller than its reverse complement "GGG...ACGT"
    CHECK(contigs[1].name == "NODE_2_length_300_cov_4.29");     // 1200 / 280
    CHECK(contigs[1].seq == std::string(300, 'A'));
    CHECK(contigs_fasta(contigs).substr(0, 29) == ">NODE_1_length_400_cov_10.00\n");
}
