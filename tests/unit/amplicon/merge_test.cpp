// Merging: the quality tables against values worked out by hand from Edgar & Flyvbjerg (2015),
// and PairMerger on small pairs built from a known fragment (the merged read must be it).
#include "amplicon/merge_scoring.hpp"
#include "amplicon/pair_merger.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using namespace plateau::amplicon;

namespace {
std::string revcomp(const std::string& s) {
    std::string r(s.rbegin(), s.rend());
    for (char& c : r) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : 'N';
    return r;
}
std::string random_bases(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, 'A');
    for (char& c : s) c = "ACGT"[rng() % 4];
    return s;
}
}  // namespace

TEST_CASE("merge: quality and score tables, hand-derived values", "[amplicon][merge]") {
    MergeOptions o;
    const MergeTables t(o);
    const auto q = [](int phred) { return static_cast<std::size_t>(33 + phred); };
    // Q20 and Q10 disagree: p = 0.01 (1 - 0.1/3) / (0.11 - 4/3 0.001) = 0.08896 -> Q 10.5 -> 11
    CHECK(t.quality_diff[q(20)][q(10)] == '!' + 11);
    // Q20 and Q20 agree: p = 1e-4 / 3 / (1 - 0.02 + 4/3 1e-4) = 3.401e-5 -> Q 44.7 -> clamped to 41
    CHECK(t.quality_same[q(20)][q(20)] == '!' + 41);
    // Q10 and Q10 agree: p = 0.01 / 3 / (0.8 + 0.013333) = 0.0040984 -> Q 23.87 -> 24
    CHECK(t.quality_same[q(10)][q(10)] == '!' + 24);
    // Q < 2 counts as p = 0.75: a match scores log2(0.25 / 0.25) = 0, a mismatch the floor of -4 bits
    CHECK(t.match_score[q(0)][q(40)] == Approx(0.0).margin(1e-12));
    CHECK(t.mismatch_score[q(1)][q(30)] == -4.0);
    // Q40 and Q40 match: log2((1 - 2e-4 + 4/3 1e-8) / 0.25) = 1.99971
    CHECK(t.match_score[q(40)][q(40)] == Approx(1.999711).epsilon(1e-6));
    CHECK(t.error_probability[q(30)] == Approx(0.001));
    MergeOptions wide;
    wide.qmaxout = 93;
    CHECK(MergeTables(wide).quality_same[q(20)][q(20)] == '!' + 45);
    MergeOptions short_overlap;
    short_overlap.min_overlap = 6;  // vsearch: 2 k-mers per diagonal and 9.6 bits
    CHECK(MergeTables(short_overlap).min_diagonal_kmers == 2);
    CHECK(MergeTables(short_overlap).min_score == Approx(9.6));
}

TEST_CASE("merge: a pair from a known fragment merges back to it", "[amplicon][merge]") {
    MergeOptions o;
    const MergeTables tables(o);
    PairMerger merger(o, tables);
    for (std::size_t length : {260U, 300U, 400U, 480U}) {
        CAPTURE(length);
        const std::string fragment = random_bases(length, static_cast<unsigned>(length));
        MatePair p;
        p.fwd_seq = fragment.substr(0, 250);
        p.rev_seq = revcomp(fragment).substr(0, 250);
        p.fwd_qual.assign(250, 'I');
        p.rev_qual.assign(250, 'I');
        merger.process(p);
        REQUIRE(p.merged);
        CHECK(p.merged_seq == fragment);
        CHECK(p.fwd_errors == 0);
        CHECK(p.merged_qual.size() == length);
    }
}

TEST_CASE("merge: failure reasons of simple pairs", "[amplicon][merge]") {
    MergeOptions o;
    const MergeTables tables(o);
    PairMerger merger(o, tables);
    const std::string fragment = random_bases(700, 1);
    MatePair p;
    p.fwd_seq = fragment.substr(0, 250);  // 700 nt: the mates cannot overlap
    p.rev_seq = revcomp(fragment).substr(0, 250);
    p.fwd_qual.assign(250, 'I');
    p.rev_qual.assign(250, 'I');
    merger.process(p);
    CHECK_FALSE(p.merged);
    CHECK((p.failure == MergeFailure::no_kmers || p.failure == MergeFailure::score_too_low));
    MatePair s;  // 200-nt fragment read through into an adapter: R2 starts before R1
    const std::string adapter = random_bases(60, 2);
    s.fwd_seq = (fragment.substr(0, 200) + adapter).substr(0, 250);
    s.rev_seq = (revcomp(fragment.substr(0, 200)) + random_bases(60, 3)).substr(0, 250);
    s.fwd_qual.assign(s.fwd_seq.size(), 'I');
    s.rev_qual.assign(s.rev_seq.size(), 'I');
    merger.process(s);
    CHECK(s.failure == MergeFailure::staggered);
    MatePair n = p;  // too many N's: counted after truncation, their quality set to 0
    n.fwd_seq = fragment.substr(0, 250);
    n.fwd_seq[10] = n.fwd_seq[20] = 'N';
    MergeOptions max_one = o;
    max_one.max_ns = 1;
    PairMerger strict(max_one, tables);
    strict.process(n);
    CHECK(n.failure == MergeFailure::too_many_ns);
    CHECK(n.fwd_qual[10] == '!');
}
