// QUAST-style metrics on hand-made alignments; every expected value is derived by hand in the comments.
#include "assembly/paf.hpp"
#include "assembly/quast_metrics.hpp"

#include <catch2/catch.hpp>

using namespace plateau::assembly;

namespace {
Alignment aln(const std::string& q, std::uint64_t qlen, std::uint64_t qs, std::uint64_t qe, bool rev,
              const std::string& t, std::uint64_t ts, std::uint64_t te, std::uint64_t tlen = 10000) {
    Alignment a;
    a.query = q; a.query_length = qlen; a.query_start = qs; a.query_end = qe; a.reverse = rev;
    a.target = t; a.target_length = tlen; a.target_start = ts; a.target_end = te;
    a.matches = qe - qs; a.block_length = qe - qs;
    return a;
}
}  // namespace

TEST_CASE("compute_metrics: relocation, inversion, translocation, local misassembly by hand", "[assembly][evaluate]") {
    // Reference: chr1 10,000 bp + chr2 5,000 bp = 15,000.
    const std::map<std::string, std::uint64_t> ref{{"chr1", 10000}, {"chr2", 5000}};
    const std::map<std::string, std::uint64_t> contigs{
        {"c1", 3000}, {"c2", 2000}, {"c3", 2000}, {"c4", 2000}, {"c5", 1500}, {"short", 400}};
    std::vector<Alignment> a{
        aln("c1", 3000, 0, 3000, false, "chr1", 0, 3000),      // clean
        aln("c2", 2000, 0, 1000, false, "chr1", 3000, 4000),    // relocation: ref gap 5000 - query gap 0 = 5000 > 1000
        aln("c2", 2000, 1000, 2000, false, "chr1", 9000, 10000),
        aln("c3", 2000, 0, 1000, false, "chr1", 4000, 5000),    // inversion: strands differ
        aln("c3", 2000, 1000, 2000, true, "chr1", 5000, 6000),
        aln("c4", 2000, 0, 1000, false, "chr1", 6000, 7000),    // translocation: chr1 then chr2
        aln("c4", 2000, 1000, 2000, false, "chr2", 0, 1000, 5000),
        aln("c5", 1500, 0, 700, false, "chr2", 1000, 1700, 5000),   // local: ref gap 1700-1700=0... see below
        aln("c5", 1500, 700, 1500, false, "chr2", 2200, 3000, 5000), // delta = (2200-1700) - 0 = 500: local
        aln("short", 400, 0, 400, false, "chr2", 4000, 4400, 5000),  // below --min-contig 500: ignored
    };
    EvaluationThresholds t;
    const AssemblyMetrics m = compute_metrics(contigs, ref, a, t);
    CHECK(m.contigs == 5);
    CHECK(m.total_length == 10500);
    CHECK(m.reference_length == 15000);
    CHECK(m.misassemblies == 3);
    CHECK(m.relocations == 1);
    CHECK(m.inversions == 1);
    CHECK(m.translocations == 1);
    CHECK(m.local_misassemblies == 1);
    CHECK(m.misassembled_contigs == 3);
    // lengths 3000, 2000, 2000, 2000, 1500 (total 10,500): N50 needs 5,250 -> 3000 + 2000 = 5000 < 5250, + 2000 -> N50 2000, L50 3
    CHECK(m.n50 == 2000);
    CHECK(m.l50 == 3);
    // NG50 needs 7,500: 3000+2000+2000 = 7000, +2000 = 9000 -> 2000, LG50 4
    CHECK(m.ng50 == 2000);
    CHECK(m.lg50 == 4);
    // blocks: 3000, 1000+1000 (c2), 1000+1000 (c3), 1000+1000 (c4), 1500 (c5: local does not break)
    // sorted 3000, 1500, 1000 x6 (total 10,500): half 5,250: 3000+1500 = 4500, +1000 = 5500 -> NA50 1000, LA50 3
    CHECK(m.na50 == 1000);
    CHECK(m.la50 == 3);
    // NGA50 needs 7,500: 4500 + 1000*3 = 7500 -> 1000, LGA50 5
    CHECK(m.nga50 == 1000);
    CHECK(m.lga50 == 5);
    // covered: chr1 0-7000 and 9000-10000 = 8000; chr2 0-1700 and 2200-3000 = 2500 -> 10,500 / 15,000 = 70 %
    CHECK(m.genome_fraction == Approx(70.0));
    CHECK(m.duplication_ratio == Approx(1.0));
    CHECK(m.largest_alignment == 3000);
    CHECK(m.total_aligned_length == 10500);
    CHECK(m.unaligned_contigs == 0);
}

TEST_CASE("compute_metrics: a contig across the start of a circular reference is not misassembled", "[assembly][evaluate]") {
    const std::map<std::string, std::uint64_t> ref{{"chr", 10000}};
    const std::map<std::string, std::uint64_t> contigs{{"c", 2000}};
    const std::vector<Alignment> a{aln("c", 2000, 0, 1000, false, "chr", 9000, 10000),
                                   aln("c", 2000, 1000, 2000, false, "chr", 0, 1000)};
    EvaluationThresholds t;
    AssemblyMetrics m = compute_metrics(contigs, ref, a, t);
    CHECK(m.misassemblies == 0);
    CHECK(m.nga50 == 0);  // 2000 aligned bases < 50 % of 10,000
    CHECK(m.na50 == 2000);
    t.circular = false;
    m = compute_metrics(contigs, ref, a, t);
    CHECK(m.relocations == 1);  // delta = (0 - 10000) - 0: 10,000 > 1,000
}

TEST_CASE("compute_metrics: duplication, unaligned, identity and length filters", "[assembly][evaluate]") {
    const std::map<std::string, std::uint64_t> ref{{"chr", 10000}};
    const std::map<std::string, std::uint64_t> contigs{{"a", 1000}, {"b", 1000}, {"u", 800}, {"p", 2000}};
    std::vector<Alignment> v{aln("a", 1000, 0, 1000, false, "chr", 0, 1000),
                             aln("b", 1000, 0, 1000, true, "chr", 0, 1000),      // same ref bases again
                             aln("p", 2000, 0, 1000, false, "chr", 5000, 6000),  // 1000 unaligned: partially
                             aln("p", 2000, 1000, 1060, false, "chr", 7000, 7060)};  // 60 < 65: dropped
    Alignment low = aln("u", 800, 0, 800, false, "chr", 8000, 8800);
    low.matches = 700;  // 87.5 % < 95 %: dropped, so u is unaligned
    v.push_back(low);
    const AssemblyMetrics m = compute_metrics(contigs, ref, v, EvaluationThresholds{});
    // aligned 3000 query bases on 2000 reference bases
    CHECK(m.duplication_ratio == Approx(1.5));
    CHECK(m.genome_fraction == Approx(20.0));
    CHECK(m.unaligned_contigs == 1);
    CHECK(m.partially_unaligned_contigs == 1);
    CHECK(m.unaligned_length == 800 + 1000);
}

TEST_CASE("PAF: fields, secondary flag and cs differences", "[assembly][evaluate]") {
    const Alignment a = parse_paf_line(
        "c1\t500\t10\t490\t-\tchr\t9000\t100\t581\t470\t482\t60\ttp:A:P\tcs:Z::100*ag:50+tt:100-c:30*na:190", "x");
    CHECK(a.query == "c1");
    CHECK(a.reverse);
    CHECK(a.target_end == 581);
    CHECK_FALSE(a.secondary);
    CHECK(a.mismatches == 1);  // *ag counts, *na (an N) does not
    CHECK(a.indels == 2);      // +tt and -c: one event each
    CHECK(parse_paf_line("c\t5\t0\t5\t+\tt\t9\t0\t5\t5\t5\t0\ttp:A:S", "x").secondary);
    CHECK_THROWS_WITH(parse_paf_line("c\t5\t0\t9\t+\tt\t9\t0\t5\t5\t5\t0", "f.paf: line 3"),
                      Catch::Contains("f.paf: line 3"));
}
