#include "qc/adapter_trim.hpp"
#include "qc/overlap.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using plateau::qc::Overlap;
using plateau::qc::OverlapRule;

namespace {
std::string random_dna(std::mt19937& rng, std::size_t n) {
    std::string s(n, 'A');
    for (char& c : s) c = "ACGT"[rng() % 4];
    return s;
}
std::string revcomp(const std::string& s) {
    std::string out;
    plateau::qc::reverse_complement(s, out);
    return out;
}
}  // namespace

TEST_CASE("find_overlap: recovers the insert of pairs from a known fragment", "[qc][overlap]") {
    std::mt19937 rng(7);
    const std::string adapter1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA" + random_dna(rng, 150);
    const std::string adapter2 = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT" + random_dna(rng, 150);
    for (int insert : {40, 75, 120, 149, 150, 200, 260}) {
        CAPTURE(insert);
        const std::string fragment = random_dna(rng, static_cast<std::size_t>(insert));
        const std::string r1 = (fragment + adapter1).substr(0, 150);
        const std::string r2 = (revcomp(fragment) + adapter2).substr(0, 150);
        const Overlap ov = plateau::qc::find_overlap(r1, revcomp(r2), OverlapRule{});
        REQUIRE(ov.found);
        CHECK(ov.insert_size(150) == insert);
        const auto keep = plateau::qc::overlap_adapter_trim(ov, 150, 150, 0, 0);
        CHECK(keep.keep1 == std::min(insert, 150));
        CHECK(keep.keep2 == std::min(insert, 150));
    }
}

TEST_CASE("find_overlap: tolerates up to 5 mismatches and rejects unrelated reads", "[qc][overlap]") {
    std::mt19937 rng(11);
    const std::string fragment = random_dna(rng, 220);
    std::string r1 = fragment.substr(0, 150);
    std::string r2 = revcomp(fragment).substr(0, 150);
    for (int i : {80, 90, 100, 110, 120}) r1[static_cast<std::size_t>(i)] = r1[static_cast<std::size_t>(i)] == 'A' ? 'C' : 'A';
    Overlap ov = plateau::qc::find_overlap(r1, revcomp(r2), OverlapRule{});
    REQUIRE(ov.found);
    CHECK(ov.mismatches == 5);
    CHECK(ov.insert_size(150) == 220);

    int false_hits = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        const std::string a = random_dna(rng, 150), b = random_dna(rng, 150);
        false_hits += plateau::qc::find_overlap(a, revcomp(b), OverlapRule{}).found;
    }
    CHECK(false_hits == 0);
}

TEST_CASE("find_adapter: full and partial adapters, and no trimming of random tails", "[qc][adapter]") {
    const std::string adapter = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA";
    const std::string insert = "TTGACCATGACCTTGACCAGGTTACACCGATTACGGCATCA";
    CHECK(plateau::qc::find_adapter(insert + adapter, adapter) == static_cast<int>(insert.size()));
    CHECK(plateau::qc::find_adapter(insert + adapter.substr(0, 10), adapter) == static_cast<int>(insert.size()));
    CHECK(plateau::qc::find_adapter(insert + adapter.substr(0, 7), adapter) == static_cast<int>(insert.size() + 7));
    std::string with_error = insert + adapter;
    with_error[insert.size() + 20] = 'T';
    CHECK(plateau::qc::find_adapter(with_error, adapter) == static_cast<int>(insert.size()));
    CHECK(plateau::qc::find_adapter(adapter.substr(3) + insert, adapter) == 0);  // dimer missing its first bases

    std::mt19937 rng(3);
    int trimmed = 0;
    const int trials = 20000;
    for (int i = 0; i < trials; ++i) {
        const std::string read = random_dna(rng, 150);
        trimmed += plateau::qc::find_adapter(read, adapter) != 150;
    }
    CHECK(trimmed <= 5);  // expected about 0.5 in 20,000 (0.0025%)
}

namespace {
// Brute-force reference: every offset in scan order, full mismatch count.
Overlap reference_overlap(const std::string& r1, const std::string& r2rc, OverlapRule rule) {
    const int len1 = static_cast<int>(r1.size()), len2 = static_cast<int>(r2rc.size());
    auto check = [&](int offset) -> Overlap {
        const int a0 = std::max(offset, 0), b0 = std::max(-offset, 0);
        const int length = std::min(len1 - a0, len2 - b0);
        if (length < rule.min_length) return {};
        const int limit = std::min(rule.max_mismatches, length * rule.max_mismatch_percent / 100);
        int mm = 0;
        for (int i = 0; i < length; ++i) mm += r1[static_cast<std::size_t>(a0 + i)] != r2rc[static_cast<std::size_t>(b0 + i)];
        return mm <= limit ? Overlap{true, offset, length, mm} : Overlap{};
    };
    for (int o = 0; o <= len1 - rule.min_length; ++o)
        if (Overlap ov = check(o); ov.found) return ov;
    for (int o = -1; o >= -(len2 - rule.min_length); --o)
        if (Overlap ov = check(o); ov.found) return ov;
    return {};
}
}  // namespace

TEST_CASE("find_overlap: seeded search agrees with a brute-force scan", "[qc][overlap]") {
    std::mt19937 rng(2024);
    int found = 0;
    for (int trial = 0; trial < 4000; ++trial) {
        const int insert = 20 + static_cast<int>(rng() % 300);
        std::string fragment = random_dna(rng, static_cast<std::size_t>(insert)) + random_dna(rng, 150);
        std::string r1 = fragment.substr(0, 150);
        std::string r2 = revcomp(fragment.substr(0, static_cast<std::size_t>(insert))) + random_dna(rng, 150);
        r2.resize(150);
        // Up to 7 random substitutions (some pairs exceed the 5-mismatch limit), sometimes an N.
        for (int k = static_cast<int>(rng() % 8); k > 0; --k) r1[rng() % 150] = "ACGT"[rng() % 4];
        if (rng() % 10 == 0) r2[rng() % 150] = 'N';
        const std::string r2rc = revcomp(r2);
        const Overlap expected = reference_overlap(r1, r2rc, OverlapRule{});
        const Overlap got = plateau::qc::find_overlap(r1, r2rc, OverlapRule{});
        CAPTURE(trial, insert);
        REQUIRE(got.found == expected.found);
        REQUIRE(got.offset == expected.offset);
        REQUIRE(got.mismatches == expected.mismatches);
        found += got.found;
    }
    CHECK(found > 1000);  // the comparison covered many real overlaps
}
