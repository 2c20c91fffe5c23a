// Fastidious grafting against a brute-force statement of swarm's rule: each light amplicon's
// candidate is the smallest-index heavy amplicon at Levenshtein distance 1 or 2 (full dynamic
// programming here, independent of the pigeonhole search), pairs attached in (H, L) order, a
// light swarm at most once. Random short sequences (1-14 nt, 2 or 4 letters) reach the edge
// cases of the 6-piece index (empty pieces, lengths below 6, homopolymers).
#include "amplicon/fastidious.hpp"
#include "amplicon/swarm_input.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

using namespace plateau::amplicon;

namespace {
int levenshtein(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    std::vector<int> row(b.size() + 1), next(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        next[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            next[j] = std::min({row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        }
        row.swap(next);
    }
    return row[b.size()];
}

Clustering d1(const AmpliconSet& set) {
    const Zobrist z(set.longest());
    const HashIndex index(set, "t");
    return grow_swarms(set, build_network(set, z, index, 1, false));
}

// Expected grafts as (heavy, light) pairs in attachment order.
std::vector<std::pair<std::uint32_t, std::uint32_t>> brute_force_grafts(const AmpliconSet& set, const Clustering& c,
                                                                        std::uint64_t boundary) {
    const auto n = static_cast<std::uint32_t>(set.size());
    std::vector<std::vector<std::uint8_t>> seqs(n);
    for (std::uint32_t i = 0; i < n; ++i) set.unpack(i, seqs[i]);
    const auto light = [&](std::uint32_t a) { return c.swarms[c.swarm_of[a]].mass < boundary; };
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t l = 0; l < n; ++l) {
        if (!light(l)) continue;
        for (std::uint32_t h = 0; h < n; ++h) {
            if (!light(h) && levenshtein(seqs[h], seqs[l]) <= 2) {
                pairs.emplace_back(h, l);
                break;
            }
        }
    }
    std::sort(pairs.begin(), pairs.end());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> grafts;
    std::set<std::uint32_t> attached;
    for (const auto& [h, l] : pairs) {
        if (attached.insert(c.swarm_of[l]).second) grafts.emplace_back(h, l);
    }
    return grafts;
}
}  // namespace

TEST_CASE("fastidious: same grafts as the brute-force rule on random short sequences", "[amplicon][fastidious]") {
    std::mt19937 rng(42);
    std::size_t total_grafts = 0;
    for (int trial = 0; trial < 60; ++trial) {
        const unsigned alphabet = trial % 2 == 0 ? 2 : 4;
        std::set<std::string> seen;
        std::string fasta;
        for (int i = 0; i < 80; ++i) {
            std::string s(1 + rng() % 14, 'A');
            for (char& ch : s) ch = "ACGT"[rng() % alphabet];
            if (!seen.insert(s).second) continue;
            fasta += ">s" + std::to_string(i) + "_" + std::to_string(1 + (rng() % 6 == 0 ? rng() % 9 : 0)) + "\n" + s + "\n";
        }
        const AmpliconSet set = parse_swarm_fasta(fasta, "t.fa", false);
        for (const std::uint64_t boundary : {2ULL, 3ULL, 6ULL}) {
            Clustering c = d1(set);
            const auto expected = brute_force_grafts(set, c, boundary);
            graft_light_swarms(set, boundary, 1 + trial % 3, c);
            std::vector<std::pair<std::uint32_t, std::uint32_t>> got;
            for (std::uint32_t a = 0; a < set.size(); ++a) {
                if (c.graft_parent[a] != k_none) got.emplace_back(c.graft_parent[a], a);
            }
            std::sort(got.begin(), got.end());
            auto sorted_expected = expected;
            std::sort(sorted_expected.begin(), sorted_expected.end());
            CAPTURE(trial, boundary);
            CHECK(got == sorted_expected);
            CHECK(c.grafts == expected.size());
            total_grafts += expected.size();
        }
    }
    CHECK(total_grafts > 500);  // the cases do graft
}
