// UCHIME de novo: alignment scores and tie-breaks worked out by hand from vsearch's penalties
// (and checked once with vsearch 2.22.1 --usearch_global --userfields raw+caln), DUST, a
// hand-made chimera, the speculative parallel detection against the sequential definition, and
// FROGS' strict/lenient rule on a two-sample case.
#include "amplicon/chimera_api.hpp"
#include "amplicon/uchime_detect.hpp"

#include "../../support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace plateau::amplicon;
using namespace plateau::amplicon::uchime;

namespace {
std::string cigar_text(const Alignment& a) {
    std::string s;
    for (const CigarOp& op : a.cigar) s += (op.run > 1 ? std::to_string(op.run) : "") + op.op;
    return s;
}

std::string random_seq(std::mt19937& rng, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back("ACGT"[rng() % 4]);
    return s;
}

std::string mutate(std::mt19937& rng, std::string s, int edits) {
    for (int e = 0; e < edits; ++e) {
        const std::size_t pos = rng() % s.size();
        char c = s[pos];
        while (c == s[pos]) c = "ACGT"[rng() % 4];
        s[pos] = c;
    }
    return s;
}

Alignment align(const std::string& q, const std::string& t) {
    AlignWorkspace ws;
    Alignment a;
    align_global(q, t, ws, a);
    Alignment b;
    std::string_view tv = t;
    align_batch(q, &tv, 1, ws, &b);
    CHECK(cigar_text(a) == cigar_text(b));
    CHECK(a.score == b.score);
    return a;
}
}  // namespace

TEST_CASE("uchime align: vsearch's gap penalties (open 20 and 2 include the first extension)", "[amplicon][chimera]") {
    const std::string x = "ACGTTGCAACGTAGCTAGCATGCAC", y = "GGTACCATGATCCATGC";  // 25 + 17
    CHECK(align(x + y, x + "T" + y).score == 2 * 42 - 20);            // interior 1-nt gap: 20
    CHECK(cigar_text(align(x + y, x + "T" + y)) == "25MI17M");
    CHECK(align(x + y, x + "TT" + y).score == 2 * 42 - 22);           // 2 nt: 20 + 2
    CHECK(align(x + "T" + y, x + y).score == 2 * 42 - 20);            // gap in the target
    CHECK(cigar_text(align(x + "T" + y, x + y)) == "25MD17M");
    CHECK(align(x + y, x + y + "TTT").score == 2 * 42 - 4);           // terminal 3 nt: 2 + 1 + 1
    CHECK(align(x + y, "TT" + x + y).score == 2 * 42 - 3);            // leading 2 nt: 2 + 1
    CHECK(align(x + y, x.substr(0, 10) + "T" + x.substr(11) + y).score == 2 * 41 - 4);  // one mismatch
}

TEST_CASE("uchime align: ties resolved as vsearch's traceback", "[amplicon][chimera]") {
    // both ends cost 2: the traceback takes the diagonal at the end, the gap at the start
    CHECK(cigar_text(align(std::string(40, 'A'), std::string(41, 'A'))) == "I40M");
    // an extra A after ...GCA|AGG: the gap goes left of the run of A (vsearch: 23MI18M)
    CHECK(cigar_text(align("ACGTTGCAACGTAGCTAGCATGCAGGTACCATGATCCATGC", "ACGTTGCAACGTAGCTAGCATGCAAGGTACCATGATCCATGC")) ==
          "23MI18M");
    // N matches anything for the counts, scores 0
    const Alignment n = align("ACGTNACGTACGTACGTAC", "ACGTAACGTACGTACGTAC");
    CHECK(n.matches == 19);
    CHECK(n.score == 2 * 18);
}

TEST_CASE("uchime dust: a poly-A run is masked in lowercase (vsearch 2.22.1's output)", "[amplicon][chimera]") {
    std::string s = "acgtacgatcgatcgatcgaaaaaaaaaaaaaaaaaaaaaaaaaaaaagctagctagctagcatcgactagctacgac";
    dust_mask(s);
    CHECK(s == "ACGTACGATCGATCGATCGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaGCTAGCTAGCTAGCATCGACTAGCTACGAC");
    std::vector<std::uint32_t> kmers;
    unique_kmers(s, 8, kmers);
    // distinct 8-mers within the two uppercase stretches: 9 of 12 (ATCGATCG... repeats) + 20 of 23
    CHECK(kmers.size() == 9 + 20);
}

TEST_CASE("uchime: a two-parent chimera is Y with its parents, a point mutant is N", "[amplicon][chimera]") {
    std::mt19937 rng(7);
    const std::string a = random_seq(rng, 240), b = random_seq(rng, 240);
    std::vector<Query> q = {{"A;size=100", a, 100, 0},
                            {"B;size=90", b, 90, 1},
                            {"C;size=5", a.substr(0, 130) + b.substr(130), 5, 2},
                            {"M;size=4", mutate(rng, a, 1), 4, 3}};
    const QuerySet set = build_query_set(std::move(q));
    DetectStats stats;
    const auto r = detect(set, Params{}, 1, stats, [](std::size_t) {});
    REQUIRE(r.size() == 4);
    CHECK(set.queries[2].label == "C;size=5");
    CHECK(r[2].status == chimeric);
    CHECK(r[2].uchimeout.find("\tC;size=5\tA;size=100\tB;size=90\t") != std::string::npos);
    CHECK(r[2].uchimeout.substr(r[2].uchimeout.size() - 2) == "Y\n");
    CHECK(r[3].status < borderline);
    CHECK(r[0].uchimeout == "0.0000\tA;size=100\t*\t*\t*\t*\t*\t*\t*\t*\t0\t0\t0\t0\t0\t0\t*\tN\n");
}

TEST_CASE("uchime detect: the speculative pipeline gives the sequential calls at 1, 2, 4 and 8 threads", "[amplicon][chimera]") {
    std::mt19937 rng(3);
    std::vector<std::string> truth = {random_seq(rng, 200)};
    while (truth.size() < 150) truth.push_back(mutate(rng, truth[rng() % truth.size()], 1 + static_cast<int>(rng() % 30)));
    std::vector<Query> queries;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        queries.push_back({"t" + std::to_string(i), truth[i], 20 + rng() % 500, static_cast<std::uint32_t>(queries.size())});
    }
    for (int c = 0; c < 400; ++c) {
        const std::string& x = truth[rng() % truth.size()];
        const std::string& y = truth[rng() % truth.size()];
        const std::size_t cut = 40 + rng() % 120;
        queries.push_back({"c" + std::to_string(c), x.substr(0, cut) + y.substr(cut), 1 + rng() % 12,
                           static_cast<std::uint32_t>(queries.size())});
    }
    const QuerySet set = build_query_set(std::move(queries));
    // the definition: each query against the non-chimeric queries before it, one at a time
    std::vector<std::int8_t> status(set.queries.size(), -1);
    std::vector<std::string> expected;
    Workspace ws;
    for (std::size_t k = 0; k < set.queries.size(); ++k) {
        const Result r = evaluate_query(set, k, DatabaseView{&status, k}, Params{}, ws);
        status[k] = r.status;
        expected.push_back(r.uchimeout);
    }
    const auto chimeras = std::count(status.begin(), status.end(), chimeric);
    CHECK(chimeras > 50);
    for (int threads : {1, 2, 4, 8}) {
        CAPTURE(threads);
        DetectStats stats;
        const auto results = detect(set, Params{}, threads, stats, [](std::size_t) {});
        std::vector<std::string> got;
        for (const Result& r : results) got.push_back(r.uchimeout);
        CHECK(got == expected);
        if (threads > 1) CHECK(stats.recomputed > 0);  // the check path is exercised
    }
}

TEST_CASE("chimera per sample: FROGS' strict and lenient rules", "[amplicon][chimera]") {
    std::mt19937 rng(11);
    const std::string a = random_seq(rng, 240), b = random_seq(rng, 240);
    const std::string c = a.substr(0, 120) + b.substr(120);
    plateau::test::TempDir dir;
    plateau::test::write_text(dir.file("u.fa"), ">A;size=110\n" + a + "\n>B;size=100\n" + b + "\n>C;size=8\n" + c + "\n");
    // s1: both parents abundant, C chimeric there; s2: C alone with a rare parent, not chimeric
    plateau::test::write_text(dir.file("c.tsv"), "#id\ts1\ts2\nA\t100\t10\nB\t100\t0\nC\t4\t4\n");
    ChimeraOptions o;
    o.input = dir.file("u.fa");
    o.counts = dir.file("c.tsv");
    o.counts_out = dir.file("kept.tsv");
    o.progress = plateau::core::ProgressMode::never;
    validate(o);
    const ChimeraSummary strict = run_chimera(o);
    CHECK(strict.samples.at(0).chimeric == 1);
    CHECK(strict.samples.at(1).chimeric == 0);
    CHECK(strict.removed == 1);
    CHECK(strict.removed_abundance == 8);
    CHECK(strict.ambiguous == 1);
    CHECK(strict.samples.at(1).removed == 1);
    CHECK(plateau::test::read_text(dir.file("kept.tsv")) == "#id\ts1\ts2\nA\t100\t10\nB\t100\t0\n");
    o.lenient = true;
    const ChimeraSummary lenient = run_chimera(o);
    CHECK(lenient.removed == 0);
    CHECK(lenient.kept == 3);
    CHECK(lenient.ambiguous == 1);
}
