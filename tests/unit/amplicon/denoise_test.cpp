// UNOISE3 (vsearch --cluster_unoise): the skew rule on values worked out by hand, the acceptance
// test on alignments of known identity, and the batched parallel denoiser against a brute-force
// statement of the sequential algorithm (every earlier centroid ranked by shared unique 8-mers,
// the first 32 aligned in order, the first accepted takes the query).
#include "amplicon/unoise.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <array>
#include <set>

using namespace plateau::amplicon;

namespace {
std::string random_seq(std::mt19937& rng, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back("ACGT"[rng() % 4]);
    return s;
}

std::string substitute(std::string s, std::size_t every) {  // a substitution every `every` bases
    for (std::size_t i = every / 2; i < s.size(); i += every) s[i] = s[i] == 'A' ? 'C' : 'A';
    return s;
}

std::vector<unoise::Assignment> brute_force(const std::vector<unoise::Sequence>& seqs, double alpha) {
    std::vector<unoise::Assignment> out(seqs.size());
    std::vector<std::size_t> centroids;
    uchime::AlignWorkspace ws;
    std::vector<std::vector<std::uint32_t>> kmers(seqs.size());
    for (std::size_t k = 0; k < seqs.size(); ++k) uchime::unique_kmers(seqs[k].seq, 8, kmers[k]);
    std::vector<std::uint8_t> in_query(65536, 0);
    for (std::size_t k = 0; k < seqs.size(); ++k) {
        for (std::uint32_t x : kmers[k]) in_query[x] = 1;
        std::vector<std::array<std::size_t, 3>> ranked;  // -count, length, index
        for (std::size_t c : centroids) {
            std::size_t shared = 0;
            for (std::uint32_t x : kmers[c]) shared += in_query[x];
            if (shared >= std::min<std::size_t>(12, kmers[k].size())) {
                ranked.push_back({1000000 - shared, seqs[c].seq.size(), c});
            }
        }
        for (std::uint32_t x : kmers[k]) in_query[x] = 0;
        std::sort(ranked.begin(), ranked.end());
        if (ranked.size() > 32) ranked.resize(32);
        for (const auto& r : ranked) {
            uchime::Alignment a;
            uchime::align_global(seqs[k].seq, seqs[r[2]].seq, ws, a);
            double id = 0;
            if (unoise::accepts(a, seqs[k].size, seqs[r[2]].size, alpha, id)) {
                out[k].centroid = static_cast<std::int64_t>(r[2]);
                out[k].cluster = out[r[2]].cluster;
                break;
            }
        }
        if (out[k].centroid < 0) {
            out[k].cluster = static_cast<std::uint32_t>(centroids.size());
            centroids.push_back(k);
        }
    }
    return out;
}
}  // namespace

TEST_CASE("unoise skew rule: beta = 1 / 2^(alpha d + 1), by hand", "[amplicon][denoise]") {
    // alpha 2, d 1: beta = 1/8
    CHECK(unoise::skew_accepts(12, 100, 1, 2.0));
    CHECK(unoise::skew_accepts(1, 8, 1, 2.0));
    CHECK_FALSE(unoise::skew_accepts(13, 100, 1, 2.0));
    // alpha 2, d 2: beta = 1/32 (3/96 is exactly 1/32: accepted, the rule is <=)
    CHECK(unoise::skew_accepts(3, 96, 2, 2.0));
    CHECK_FALSE(unoise::skew_accepts(4, 100, 2, 2.0));
    // alpha 1, d 1: beta = 1/4
    CHECK(unoise::skew_accepts(25, 100, 1, 1.0));
    CHECK_FALSE(unoise::skew_accepts(26, 100, 1, 1.0));
    // d 0 (identical or indels only): always accepted, even from a more abundant query
    CHECK(unoise::skew_accepts(500, 100, 0, 2.0));
}

TEST_CASE("unoise acceptance: identity >= 90 % without terminal gaps, then the skew rule", "[amplicon][denoise]") {
    std::mt19937 rng(7);
    const std::string t = random_seq(rng, 200);
    uchime::AlignWorkspace ws;
    uchime::Alignment a;
    double id = 0;
    // 20 substitutions in 200: identity 90 % exactly, d = 20; beta = 2^-41
    uchime::align_global(substitute(t, 10), t, ws, a);
    REQUIRE(a.mismatches == 20);
    CHECK(unoise::accepts(a, 1, std::uint64_t{1} << 41, 2.0, id));
    CHECK(id == Approx(90.0));
    CHECK_FALSE(unoise::accepts(a, 2, std::uint64_t{1} << 41, 2.0, id));
    // 25 substitutions in 200 (87.5 %): rejected whatever the abundances
    uchime::align_global(substitute(t, 8), t, ws, a);
    CHECK_FALSE(unoise::accepts(a, 1, std::uint64_t{1} << 60, 2.0, id));
    // a deletion only (d = 0): accepted from any abundance
    const std::string del = t.substr(0, 100) + t.substr(101);
    uchime::align_global(del, t, ws, a);
    CHECK(a.mismatches == 0);
    CHECK(unoise::accepts(a, 1000, 1, 2.0, id));
    // terminal gaps do not count: a query 10 nt shorter at the end is 100 %
    uchime::align_global(t.substr(0, 190), t, ws, a);
    CHECK(unoise::accepts(a, 1, 1, 2.0, id));
    CHECK(id == Approx(100.0));
}

TEST_CASE("unoise denoise: the batched parallel search gives the sequential assignments", "[amplicon][denoise]") {
    std::mt19937 rng(11);
    std::vector<std::string> truth{random_seq(rng, 120)};
    while (truth.size() < 40) {
        std::string s = truth[rng() % truth.size()];
        for (int e = 0, n = 1 + static_cast<int>(rng() % 12); e < n; ++e) s[rng() % s.size()] = "ACGT"[rng() % 4];
        truth.push_back(s);
    }
    std::vector<unoise::Sequence> seqs;
    std::set<std::string> seen;
    for (std::size_t i = 0; seqs.size() < 400; ++i) {
        std::string s = truth[rng() % truth.size()];
        for (int e = 0, n = static_cast<int>(rng() % 4); e < n; ++e) s[rng() % s.size()] = "ACGT"[rng() % 4];
        if (!seen.insert(s).second) continue;
        seqs.push_back({"s" + std::to_string(i), s, 1 + rng() % 400});
    }
    std::stable_sort(seqs.begin(), seqs.end(), [](const auto& a, const auto& b) { return a.size > b.size; });
    for (auto& s : seqs) uchime::dust_mask(s.seq);
    for (double alpha : {2.0, 1.0}) {
        const auto expected = brute_force(seqs, alpha);
        std::size_t n_centroids = 0;
        for (const auto& e : expected) n_centroids += e.centroid < 0;
        CHECK(n_centroids > 40);        // enough new centroids inside batches to exercise the merge
        CHECK(n_centroids < seqs.size());
        for (int threads : {1, 2, 4}) {
            unoise::Stats stats;
            const auto got = unoise::denoise(seqs, {alpha, threads}, stats, [](std::size_t) {});
            std::size_t same = 0;
            for (std::size_t k = 0; k < seqs.size(); ++k) {
                same += got[k].centroid == expected[k].centroid && got[k].cluster == expected[k].cluster;
            }
            CHECK(same == seqs.size());
            CHECK(stats.centroids == n_centroids);
            CHECK((threads == 1 ? stats.merged == 0 : stats.merged > 0));  // -t 1: one query at a time
        }
    }
}
