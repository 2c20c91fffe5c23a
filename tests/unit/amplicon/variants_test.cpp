// Microvariants against a brute-force generator: every distinct sequence one substitution,
// deletion or insertion away, each exactly once, with hashes equal to the Zobrist hash of the
// variant sequence; and the count formula of swarm's variants.cc.
#include "amplicon/variants.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <set>

using namespace plateau::amplicon;

namespace {
using Seq = std::vector<std::uint8_t>;

// Sequences as strings in sets (GCC 12 warns falsely on set<vector<uint8_t>> comparisons).
std::string text(const Seq& s) { return {s.begin(), s.end()}; }

std::set<std::string> brute_force_neighbours(const Seq& s) {
    std::set<std::string> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        for (std::uint8_t b = 0; b < 4; ++b) {
            Seq t = s;
            t[i] = b;
            out.insert(text(t));
        }
        Seq d = s;
        d.erase(d.begin() + static_cast<long>(i));
        out.insert(text(d));
    }
    for (std::size_t i = 0; i <= s.size(); ++i) {
        for (std::uint8_t b = 0; b < 4; ++b) {
            Seq t = s;
            t.insert(t.begin() + static_cast<long>(i), b);
            out.insert(text(t));
        }
    }
    out.erase(text(s));
    return out;
}

Seq random_seq(std::mt19937& rng, std::size_t len, int alphabet) {
    Seq s(len);
    for (auto& c : s) c = static_cast<std::uint8_t>(rng() % static_cast<unsigned>(alphabet));
    return s;
}

std::size_t runs(const Seq& s) {
    std::size_t r = 0;
    for (std::size_t i = 0; i < s.size(); ++i) r += (i == 0 || s[i] != s[i - 1]) ? 1 : 0;
    return r;
}
}  // namespace

TEST_CASE("variants: same set as a brute-force generator, each once, hashes of the variant sequences",
          "[amplicon][variants]") {
    std::mt19937 rng(7);
    const Zobrist z(64);
    VariantWorkspace ws;
    for (int trial = 0; trial < 300; ++trial) {
        const int alphabet = trial % 3 == 0 ? 2 : 4;  // two letters: many homopolymers
        const Seq s = random_seq(rng, 1 + rng() % 40, alphabet);
        generate_variants(z, s, ws);
        std::set<std::string> produced;
        for (const Variant& v : ws.variants) {
            Seq t;
            apply_variant(s, v, t);
            CHECK(v.hash == z.hash(t));
            CHECK(variant_equals(s, v, t));
            produced.insert(text(t));
        }
        CAPTURE(s.size(), trial);
        CHECK(produced.size() == ws.variants.size());  // no duplicates
        CHECK(produced == brute_force_neighbours(s));
        CHECK(ws.variants.size() == 3 * s.size() + runs(s) + 4 + 3 * s.size());  // 3L + runs + 4 + 3L <= 7L + 4
    }
}

TEST_CASE("variants: swarm's order (substitutions, deletions at run starts, insertions)", "[amplicon][variants]") {
    const Zobrist z(8);
    VariantWorkspace ws;
    generate_variants(z, Seq{0, 0, 1}, ws);  // AAC
    REQUIRE(ws.variants.size() == 9 + 2 + 4 + 9);
    CHECK(ws.variants[0].type == EditType::substitution);
    CHECK(ws.variants[0].pos == 0);
    CHECK(ws.variants[0].base == 1);
    CHECK(ws.variants[9].type == EditType::deletion);
    CHECK(ws.variants[9].pos == 0);
    CHECK(ws.variants[10].pos == 2);  // no deletion at position 1 (same run as 0)
    CHECK(ws.variants[11].type == EditType::insertion);
    CHECK(ws.variants[11].pos == 0);
    CHECK(ws.variants[15].pos == 1);  // after base 0 (A): C, G, T
    CHECK(ws.variants[15].base == 1);
}

TEST_CASE("variants: variant_equals rejects near misses", "[amplicon][variants]") {
    const Zobrist z(8);
    VariantWorkspace ws;
    const Seq s{0, 1, 2, 3};
    generate_variants(z, s, ws);
    for (const Variant& v : ws.variants) {
        Seq t;
        apply_variant(s, v, t);
        Seq wrong = t;
        wrong.back() = static_cast<std::uint8_t>((wrong.back() + 1) % 4);
        CHECK_FALSE(variant_equals(s, v, wrong));
        CHECK_FALSE(variant_equals(s, v, s));
    }
}
