// Primer alignment and read filters, on cases whose answers follow by hand from cutadapt 4.2's
// rules (errors <= rate x aligned primer length without its N, minimum overlap, exact whole-primer
// match ends the search, a later match replaces an earlier one only with a higher score and an
// overlapping start or a longer aligned primer) and from vsearch's expected errors.
#include "amplicon/api.hpp"
#include "amplicon/read_stream.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace plateau::amplicon;
using Catch::Matchers::Contains;

namespace {
const std::string k_515f = "GTGCCAGCMGCCGCGGTAA";       // 19 nt, M = A/C
const std::string k_806rc = "ATTAGAWACCCBDGTAGTCC";     // 20 nt
const std::string k_515f_a = "GTGCCAGCAGCCGCGGTAA";     // M resolved to A
const std::string k_amplicon = "TACGGAGGATCCGAGCGTTATCCGGATTTATTGGGTTTAAAGGGAGCG";

std::optional<PrimerMatch> front(const std::string& primer, const std::string& read, double rate = 0.1, int overlap = 0,
                                 bool read_wildcards = true) {
    AlignScratch scratch;
    const int o = overlap > 0 ? overlap : static_cast<int>(primer.size()) - 1;
    return PrimerAligner(primer, rate, k_where_front, read_wildcards, o).locate(read, scratch);
}
}  // namespace

TEST_CASE("primers: exact 5' primer with an IUPAC code, after a few bases", "[amplicon][primers]") {
    const auto m = front(k_515f, "TT" + k_515f_a + "ACGT");
    REQUIRE(m);
    CHECK(m->read_start == 2);
    CHECK(m->read_stop == 21);
    CHECK(m->errors == 0);
    CHECK(m->score == 19);
}

TEST_CASE("primers: errors allowed = floor(rate x primer length)", "[amplicon][primers]") {
    std::string one = k_515f_a, two = k_515f_a;
    one[3] = 'A';                // C -> A
    two[3] = 'A';
    two[15] = 'T';               // G -> T
    CHECK(front(k_515f, one + "ACGT").value().errors == 1);  // 1 <= 1.9
    CHECK_FALSE(front(k_515f, two + "ACGT"));                 // 2 > 1.9
    CHECK(front(k_515f, two + "ACGT", 0.11).value().errors == 2);  // 2 <= 2.09
    std::string inserted = k_515f_a;
    inserted.insert(9, "T");
    const auto m = front(k_515f, inserted + "ACGT");
    REQUIRE(m);
    CHECK(m->errors == 1);
    CHECK(m->read_stop == 20);
}

TEST_CASE("primers: partial 5' primers at the read start and the minimum overlap", "[amplicon][primers]") {
    const auto m = front(k_515f, k_515f_a.substr(1) + k_amplicon);  // 18 primer bases >= 19 - 1
    REQUIRE(m);
    CHECK(m->primer_start == 1);
    CHECK(m->read_start == 0);
    CHECK(m->read_stop == 18);
    CHECK_FALSE(front(k_515f, k_515f_a.substr(2) + k_amplicon));        // 17 < 18
    CHECK(front(k_515f, k_515f_a.substr(2) + k_amplicon, 0.1, 3).value().read_stop == 17);
}

TEST_CASE("primers: N in reads matches with read wildcards, counts as an error without", "[amplicon][primers]") {
    std::string one_n = k_515f_a, two_n = k_515f_a;
    one_n[5] = 'N';
    two_n[5] = two_n[12] = 'N';
    CHECK(front(k_515f, one_n + k_amplicon).value().errors == 0);
    CHECK(front(k_515f, one_n + k_amplicon, 0.1, 0, false).value().errors == 1);
    CHECK(front(k_515f, two_n + k_amplicon).value().errors == 0);
    CHECK_FALSE(front(k_515f, two_n + k_amplicon, 0.1, 0, false));
}

TEST_CASE("primers: N in the primer does not count in the error budget", "[amplicon][primers]") {
    // ACGTNNNNACGT: 12 long, 8 without N; at rate 0.2 one error (1 <= 1.6), not two (2 > 1.6).
    const std::string primer = "ACGTNNNNACGT";
    CHECK(front(primer, "ACGTTTTTACGA" + k_amplicon, 0.2).value().errors == 1);
    CHECK_FALSE(front(primer, "ACGATTTTACGA" + k_amplicon, 0.2));
}

TEST_CASE("primers: which of several matches wins", "[amplicon][primers]") {
    // Two exact copies: the first whole exact match ends the search.
    auto m = front(k_515f, "AC" + k_515f_a + k_amplicon + k_515f_a + "GG");
    REQUIRE(m);
    CHECK(m->read_stop == 21);
    // A 1-error copy, then an exact copy far away with the same aligned length: the first stays.
    std::string one = k_515f_a;
    one[3] = 'A';
    m = front(k_515f, one + k_amplicon + k_515f_a);
    REQUIRE(m);
    CHECK(m->read_start == 0);
    CHECK(m->errors == 1);
}

TEST_CASE("primers: 3' primers, partial at the read end", "[amplicon][primers]") {
    AlignScratch scratch;
    const PrimerAligner back(k_806rc, 0.1, k_where_back, true, 3);
    const std::string resolved = "ATTAGAAACCCCAGTAGTCC";
    auto m = back.locate(k_amplicon + resolved.substr(0, 17), scratch);
    REQUIRE(m);
    CHECK(m->read_start == static_cast<int>(k_amplicon.size()));
    CHECK(m->primer_stop == 17);
    m = back.locate(k_amplicon + resolved + "TTT", scratch);
    REQUIRE(m);
    CHECK(m->read_start == static_cast<int>(k_amplicon.size()));
    CHECK(m->read_stop == static_cast<int>(k_amplicon.size() + 20));
}

TEST_CASE("primers: the two passes cut a read to its amplicon", "[amplicon][primers]") {
    PrimerOptions o;
    o.five_prime = k_515f;
    o.three_prime = k_806rc;
    validate(o);
    const PrimerTrimmer trimmer(o);
    AlignScratch scratch;
    const std::string read = "GA" + k_515f_a + k_amplicon + "ATTAGATACCCGTGTAGTCC" + "CC";
    PrimerCut c = trimmer.cut(read, scratch);
    CHECK(c.fate == PrimerCut::Fate::kept);
    CHECK(read.substr(c.begin, c.end - c.begin) == k_amplicon);
    CHECK(trimmer.cut(k_amplicon + "ATTAGATACCCGTGTAGTCC", scratch).fate == PrimerCut::Fate::no_five_prime);
    CHECK(trimmer.cut(k_515f_a + k_amplicon, scratch).fate == PrimerCut::Fate::no_three_prime);
    o.keep_untrimmed = true;
    c = PrimerTrimmer(o).cut(k_515f_a + k_amplicon, scratch);
    CHECK(c.fate == PrimerCut::Fate::kept);
    CHECK(c.begin == k_515f_a.size());
    CHECK(c.end == c.begin + k_amplicon.size());
}

TEST_CASE("primers: primer letters as cutadapt reads them", "[amplicon][primers]") {
    CHECK(parse_primer("gtgccagcmgccgcgguaa", "-g", true).sequence == "GTGCCAGCMGCCGCGGTAA");
    CHECK(parse_primer("ACGIT", "-g", true).sequence == "ACGNT");
    const PrimerSpec anchored = parse_primer("^ACGT", "-g", true);
    CHECK(anchored.anchored);
    CHECK(anchored.sequence == "ACGT");
    CHECK(parse_primer("ACGT$", "-a", false).anchored);
    CHECK_THROWS_WITH(parse_primer("ACGJ", "-g", true), Contains("'J' is not an IUPAC nucleotide code"));
    CHECK_THROWS_WITH(parse_primer("ACGT$", "-g", true), Contains("'$' is not an IUPAC"));
    CHECK_THROWS_WITH(parse_primer("^", "-g", true), Contains("empty"));
    CHECK_THROWS_WITH(parse_primer("NNN", "-a", false), Contains("N only"));
    PrimerOptions o;
    CHECK_THROWS_AS(validate(o), plateau::Error);
}

TEST_CASE("filter: expected errors and the order of discard reasons", "[amplicon][filter]") {
    CHECK(expected_errors("II", 33) == Approx(2e-4));          // Q40 twice
    CHECK(expected_errors("+5?", 33) == Approx(0.1 + 0.01 + 0.001));  // Q10, Q20, Q30
    FilterOptions o;
    o.min_length = 4;
    o.max_length = 6;
    o.max_ns = 0;
    o.max_ee = 0.15;
    validate(o);
    CHECK(judge_read(o, "ANN", "+++") == FilterVerdict::too_short);       // length before N and EE
    CHECK(judge_read(o, "ACGTACG", "IIIIIII") == FilterVerdict::too_long);
    CHECK(judge_read(o, "ACGN", "++++") == FilterVerdict::too_many_ns);   // N before EE
    CHECK(judge_read(o, "ACGT", "+5II") == FilterVerdict::kept);          // 0.1102 <= 0.15
    CHECK(judge_read(o, "ACGT", "++II") == FilterVerdict::too_many_errors);  // 0.2002 > 0.15
    CHECK_THROWS_WITH(judge_read(o, "ACGT", "II I"), Contains("below the offset"));
    FilterSummary s;
    count_verdict(FilterVerdict::too_many_ns, 4, s);
    count_verdict(FilterVerdict::kept, 5, s);
    CHECK(s.reads == 2);
    CHECK(s.too_many_ns == 1);
    CHECK(s.written == 1);
    CHECK(s.bases_written == 5);
    o.max_length = 3;
    CHECK_THROWS_WITH(validate(o), Contains("--min-length 4 / --max-length 3"));
}

TEST_CASE("primers: --revcomp finds primers on the reverse strand", "[amplicon][primers]") {
    std::string rc;
    reverse_complement("ACGTRYKMBDHVNX", rc);
    CHECK(rc == "XNBDHVKMRYACGT");
    PrimerOptions o;
    o.five_prime = k_515f;
    o.three_prime = k_806rc;
    o.revcomp = true;
    const PrimerTrimmer trimmer(o);
    AlignScratch scratch;
    const std::string forward = "GA" + k_515f_a + k_amplicon + "ATTAGATACCCGTGTAGTCC" + "CC";
    std::string reverse;
    reverse_complement(forward, reverse);
    PrimerCut c = trimmer.cut(forward, scratch);
    CHECK((c.fate == PrimerCut::Fate::kept && !c.reversed && c.flips == 0));
    CHECK(forward.substr(c.begin, c.end - c.begin) == k_amplicon);
    c = trimmer.cut(reverse, scratch);
    REQUIRE(c.fate == PrimerCut::Fate::kept);
    CHECK(c.reversed);
    CHECK(c.flips == 1);
    std::string kept;
    reverse_complement(std::string_view(reverse).substr(c.begin, c.end - c.begin), kept);
    CHECK(kept == k_amplicon);
}
