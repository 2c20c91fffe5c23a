// d > 1 building blocks: within_edits against a full Levenshtein matrix (brute force), and
// pair_diffs' band against a full-matrix statement of swarm's alignment rule, on random pairs;
// a few costs worked out by hand.
#include "amplicon/edit_distance.hpp"
#include "amplicon/pair_diffs.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace plateau::amplicon;

namespace {
using Seq = std::vector<std::uint8_t>;

int levenshtein(const Seq& a, const Seq& b) {
    std::vector<std::vector<int>> m(a.size() + 1, std::vector<int>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) m[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= b.size(); ++j) m[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            m[i][j] = std::min({m[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), m[i - 1][j] + 1, m[i][j - 1] + 1});
        }
    }
    return m[a.size()][b.size()];
}

std::vector<std::uint64_t> pack(const Seq& s) {
    std::vector<std::uint64_t> w((s.size() + 31) / 32 + 1, 0);
    for (std::size_t k = 0; k < s.size(); ++k) w[k / 32] |= std::uint64_t{s[k]} << (2 * (k % 32));
    return w;
}

Seq mutate(Seq s, int edits, std::mt19937& rng) {
    for (int e = 0; e < edits; ++e) {
        const auto kind = rng() % 3;
        const std::size_t pos = s.empty() ? 0 : rng() % s.size();
        if (kind == 0 && !s.empty()) {
            s[pos] = static_cast<std::uint8_t>((s[pos] + 1 + rng() % 3) % 4);
        } else if (kind == 1 && s.size() > 1) {
            s.erase(s.begin() + static_cast<long>(pos));
        } else {
            s.insert(s.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng() % 4));
        }
    }
    return s;
}

Seq random_seq(std::size_t n, std::mt19937& rng, int alphabet) {
    Seq s(n);
    for (auto& b : s) b = static_cast<std::uint8_t>(rng() % static_cast<unsigned>(alphabet));
    return s;
}

// swarm's rule on the full matrix, written from the recurrences: H = min(diag, F, E) preferring
// E, then the diagonal, then F; gap states prefer opening; backtrack from the last cell.
std::uint32_t full_matrix_diffs(const Seq& q, const Seq& t, const Scoring& s) {
    const auto n = static_cast<long>(q.size()), m = static_cast<long>(t.size());
    const std::int64_t open = s.first_gap(), ext = s.gap_extend, inf = 1LL << 40;
    std::vector<std::vector<std::int64_t>> H(n + 1, std::vector<std::int64_t>(m + 1)), E = H, F = H;
    std::vector<std::vector<int>> dir(n + 1, std::vector<int>(m + 1, 0));
    H[0][0] = 0;
    for (long j = 1; j <= m; ++j) { H[0][j] = open + (j - 1) * ext; F[0][j] = inf; }
    for (long i = 1; i <= n; ++i) { H[i][0] = open + (i - 1) * ext; E[i][0] = inf; }
    for (long i = 1; i <= n; ++i) {
        for (long j = 1; j <= m; ++j) {
            E[i][j] = std::min(H[i][j - 1] + open, E[i][j - 1] + ext);
            F[i][j] = std::min(H[i - 1][j] + open, F[i - 1][j] + ext);
            const std::int64_t diag = H[i - 1][j - 1] + (q[i - 1] == t[j - 1] ? 0 : s.mismatch);
            H[i][j] = std::min({diag, F[i][j], E[i][j]});
            dir[i][j] = E[i][j] == H[i][j] ? 'I' : diag == H[i][j] ? 'M' : 'D';
        }
    }
    long i = n, j = m;
    std::uint32_t cols = 0, matches = 0;
    char op = 0;
    while (i > 0 && j > 0) {
        ++cols;
        // in a gap: the gap state just used, E(i, j + 1) or F(i + 1, j), extended rather than opened here
        if (op == 'I' && E[i][j + 1] != H[i][j] + open) { --j; continue; }
        if (op == 'D' && F[i + 1][j] != H[i][j] + open) { --i; continue; }
        op = static_cast<char>(dir[i][j]);
        if (op == 'I') { --j; } else if (op == 'D') { --i; } else { matches += q[i - 1] == t[j - 1] ? 1U : 0U; --i; --j; }
    }
    return cols + static_cast<std::uint32_t>(i + j) - matches;
}
}  // namespace

TEST_CASE("within_edits: the same answer as a full Levenshtein matrix", "[amplicon][dn]") {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 4000; ++trial) {
        const int alphabet = trial % 2 == 0 ? 4 : 2;  // 2 letters: long runs and many equal alignments
        const Seq a = random_seq(1 + rng() % 90, rng, alphabet);
        const Seq b = mutate(a, static_cast<int>(rng() % 5), rng);
        const auto wa = pack(a), wb = pack(b);
        const PackedSequence pa{wa.data(), static_cast<std::uint32_t>(a.size())};
        const PackedSequence pb{wb.data(), static_cast<std::uint32_t>(b.size())};
        const int distance = levenshtein(a, b);
        for (int limit = 0; limit <= 3; ++limit) {
            INFO("trial " << trial << " limit " << limit << " distance " << distance);
            CHECK(within_edits(pa, pb, limit) == (distance <= limit));
        }
    }
}

TEST_CASE("pair_diffs: costs by hand, and the band agrees with the full matrix", "[amplicon][dn]") {
    const Scoring s;  // 18, 24, 13
    PairWorkspace ws;
    const Seq seed{0, 1, 2, 3, 0, 1, 2, 3};
    CHECK(pair_diffs(seed, seed, s, 2, ws).cost == 0);
    Seq sub = seed;
    sub[3] = 0;
    CHECK(pair_diffs(seed, sub, s, 2, ws).cost == 18);
    CHECK(pair_diffs(seed, sub, s, 2, ws).diffs == 1);
    Seq del = seed;
    del.erase(del.begin() + 4);
    CHECK(pair_diffs(seed, del, s, 2, ws).cost == 37);  // a gap column: open 24 + extension 13
    CHECK(pair_diffs(seed, del, s, 2, ws).diffs == 1);

    std::mt19937 rng(3);
    const Scoring other = make_scoring(2, 3, 5, 1);
    for (int trial = 0; trial < 1500; ++trial) {
        const Scoring& sc = trial % 3 == 0 ? other : s;
        const int alphabet = trial % 2 == 0 ? 4 : 2;
        const Seq q = random_seq(1 + rng() % 60, rng, alphabet);
        const Seq t = mutate(q, static_cast<int>(rng() % 6), rng);
        const int d = 2 + trial % 3;
        const std::uint32_t full = full_matrix_diffs(q, t, sc);
        const PairDiffs banded = pair_diffs(q, t, sc, d, ws);
        INFO("trial " << trial << " d " << d << " full " << full << " banded " << banded.diffs);
        if (full <= static_cast<std::uint32_t>(d)) {
            CHECK(banded.diffs == full);
        } else {
            CHECK(banded.diffs > static_cast<std::uint32_t>(d));
        }
    }
}
