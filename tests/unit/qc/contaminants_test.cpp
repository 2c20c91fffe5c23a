#include "support/temp_dir.hpp"
#include "core/error.hpp"
#include "qc/contaminants.hpp"

#include <catch2/catch.hpp>

#include <string>

using plateau::qc::Contaminant;
using plateau::qc::make_contaminant;
using plateau::qc::possible_source;

TEST_CASE("possible_source: FastQC's ContaminentFinder rule on hand-derived cases", "[qc][contaminants]") {
    const std::string adapter = "AATGATACGGCGACCACCGAGATCTACACTCTTTCC";  // 36 bp
    const std::vector<Contaminant> list{make_contaminant("A", adapter), make_contaminant("B", adapter.substr(0, 30))};
    CHECK(possible_source(adapter, list) == "A (100% over 36bp)");                      // longest hit wins
    CHECK(possible_source("aatgatacggcgaccaccgagatctacactctttcc", list) == "A (100% over 36bp)");  // case-blind
    std::string one = adapter;
    one[17] = 'T';  // 'G' -> 'T': one mismatch inside a 36 bp run: identity (36-1)*100/36 = 97
    CHECK(possible_source(one, list) == "A (97% over 36bp)");
    // A second mismatch closes the run (it spans the first mismatch) and a new run starts after it:
    // mismatches at 5 and 17 leave runs of 17 and 18 bp, no hit; at 2 and 30, a 30 bp run whose
    // identity FastQC computes as (30 - 1) * 100 / 30 = 96 (B, 30 bp with one mismatch, ties: A is first).
    std::string two = one;
    two[5] = 'G';
    CHECK(possible_source(two, list) == "No Hit");
    std::string far = adapter;
    far[2] = 'C';
    far[30] = 'G';
    CHECK(possible_source(far, list) == "A (96% over 30bp)");
    // Runs must be longer than 20 bp. After adapter[0:20] the flank mismatches twice: 20 bp, no hit.
    CHECK(possible_source("GGGGGGGG" + adapter.substr(0, 20) + "TTTTTTTT", list) == "No Hit");
    // 21 bp then two mismatching flank bases: a hit, at FastQC's (21 - 1) * 100 / 21 = 95%.
    CHECK(possible_source("GGGGGGGG" + adapter.substr(0, 21) + "CCTTTTT", list) == "A (95% over 21bp)");
    // The one allowed mismatch lets a run continue over a base that happens to agree (adapter[22] = T).
    CHECK(possible_source("GGGGGGGG" + adapter.substr(0, 21) + "TTTTTTT", list) == "A (95% over 23bp)");
    CHECK(possible_source("GATCTCGGTGGTCG", list) == "A (100% over 14bp)");  // 8-19 bp, inside the reverse complement
    CHECK(possible_source("ACGTACG", list) == "No Hit");                      // under 8 bp
}

TEST_CASE("read_contaminant_list: FastQC's format", "[qc][contaminants]") {
    plateau::test::TempDir dir;
    plateau::test::write_text(dir.file("list.txt"),
                              "# comment\n\nFirst adapter\t\t\tACGTACGTACGTACGTACGTAC\r\n"
                              "\tleading tab: three fields, skipped\tACGT\n"
                              "Trailing tabs\tacgtacgtacgtacgtacgtacgt\t\t\n"
                              "no tab at all\n");
    const auto list = plateau::qc::read_contaminant_list(dir.file("list.txt"));
    REQUIRE(list.size() == 2);
    CHECK(list[0].name == "First adapter");
    CHECK(list[0].reverse == "GTACGTACGTACGTACGTACGT");
    CHECK(list[1].forward == "ACGTACGTACGTACGTACGTACGT");
    plateau::test::write_text(dir.file("bad.txt"), "ok\tACGT\nbad\tACGN\n");
    CHECK_THROWS_WITH(plateau::qc::read_contaminant_list(dir.file("bad.txt")), Catch::Contains("bad.txt: line 2"));
    CHECK(plateau::qc::builtin_contaminants().size() >= 10);
}
