// Input parsing with swarm 3.1.2's rules: abundance annotations, header ends, letters, errors
// (naming file, record and line), and the order (abundance desc, then strcmp of the full header).
#include "amplicon/swarm_input.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace plateau::amplicon;
using Catch::Matchers::Contains;

TEST_CASE("parsing: swarm-style _N annotations", "[amplicon][parsing]") {
    auto a = find_swarm_abundance("seq_12");
    REQUIRE(a);
    CHECK(a->start == 3);
    CHECK(a->end == 6);
    CHECK(a->value == 12);
    CHECK(find_swarm_abundance("a_b_7")->value == 7);  // the last '_'
    CHECK_FALSE(find_swarm_abundance("seq_12x"));
    CHECK_FALSE(find_swarm_abundance("seq12"));
    CHECK_FALSE(find_swarm_abundance("s_123456789012345678901"));  // 21 digits
    CHECK(find_swarm_abundance("seq_")->value == 0);              // found, but illegal
}

TEST_CASE("parsing: usearch-style size=N annotations", "[amplicon][parsing]") {
    auto a = find_usearch_abundance("s1;size=5;x=y");
    REQUIRE(a);
    CHECK(a->start == 2);
    CHECK(a->end == 10);
    CHECK(a->value == 5);
    a = find_usearch_abundance("size=9;s1");
    REQUIRE(a);
    CHECK(a->start == 0);
    CHECK(a->end == 7);
    a = find_usearch_abundance("s1;size=30");
    REQUIRE(a);
    CHECK(a->end == 10);
    CHECK_FALSE(find_usearch_abundance("s1size=3"));        // no ';' before
    CHECK_FALSE(find_usearch_abundance("s1;size=3x"));      // no ';' or end after
    CHECK(find_usearch_abundance("s;size=3x;size=4")->value == 4);
}

TEST_CASE("parsing: order is abundance desc then strcmp of the whole header", "[amplicon][parsing]") {
    const AmpliconSet set = parse_swarm_fasta(">A_5\nACGT\n>A1_5\nACGA\n>B_9\nACGG\n>a_5\nAC\n", "t.fa", false);
    REQUIRE(set.size() == 4);
    CHECK(set.header(0) == "B_9");
    CHECK(set.header(1) == "A1_5");  // '1' < '_' although "A" < "A1"
    CHECK(set.header(2) == "A_5");
    CHECK(set.header(3) == "a_5");
}

TEST_CASE("parsing: header ends at a space, sequence lines join, U is T, lower case", "[amplicon][parsing]") {
    const AmpliconSet set = parse_swarm_fasta(">s_2 comment\nacg\nU\r\n>t_1\nA\n", "t.fa", false);
    REQUIRE(set.size() == 2);
    CHECK(set.header(0) == "s_2");
    std::vector<std::uint8_t> codes;
    set.unpack(0, codes);
    CHECK(codes == std::vector<std::uint8_t>{0, 1, 2, 3});
}

TEST_CASE("parsing: bad input errors name file, record and line", "[amplicon][parsing]") {
    using plateau::Error;
    CHECK_THROWS_WITH(parse_swarm_fasta("", "e.fa", false), Contains("e.fa: empty input"));
    CHECK_THROWS_WITH(parse_swarm_fasta(">a_1\nACGT\n>b_1\nACNT\n", "n.fa", false),
                      Contains("n.fa: record 2 (line 3), line 4: illegal character 'N'"));
    CHECK_THROWS_WITH(parse_swarm_fasta(">a_1\nACGT\n>a_2\nACGA\n", "d.fa", false),
                      Contains("d.fa: record 2 (line 3): duplicated sequence identifier 'a'"));
    CHECK_THROWS_WITH(parse_swarm_fasta(">a_1\nACGT\n>b\nACGA\n", "m.fa", false),
                      Contains("m.fa: record 2 (line 3): abundance annotation not found"));
    CHECK_THROWS_WITH(parse_swarm_fasta(">a;size=1\nACGT\n", "z.fa", false), Contains("abundance annotation not found"));
    CHECK_THROWS_WITH(parse_swarm_fasta(">a_0\nACGT\n", "0.fa", false), Contains("illegal abundance value"));
    CHECK_THROWS_WITH(parse_swarm_fasta(">a_1\n>b_1\nACGT\n", "e.fa", false), Contains("record 1 (line 1): empty sequence"));
    CHECK_THROWS_WITH(parse_swarm_fasta("ACGT\n", "h.fa", false), Contains("h.fa: line 1: expected a FASTA header"));
    CHECK_THROWS_WITH(parse_swarm_fasta(">_3\nACGT\n", "i.fa", false), Contains("empty sequence identifier"));
    try {
        (void)parse_swarm_fasta(">a_1\nAC-T\n", "g.fa", false);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == plateau::ErrorCode::InvalidInput);
    }
}
