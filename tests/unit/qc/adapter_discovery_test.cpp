#include "core/read_batch.hpp"
#include "qc/adapter_discovery.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

namespace {

// Reads of 100 bp; every `adapter_every`-th read (0: none) runs into `construct` after an insert
// of 25-84 bases, with the rest of the read random (so the construct ends in disagreement).
plateau::core::ReadBatch make_reads(std::size_t n, int adapter_every, const std::string& construct, std::uint32_t seed,
                                    const std::string& genome = {}) {
    std::mt19937 rng(seed);
    auto random_bases = [&](std::size_t len) {
        std::string s(len, 'A');
        for (char& c : s) c = "ACGT"[rng() % 4];
        return s;
    };
    plateau::core::ReadBatch reads;
    for (std::size_t i = 0; i < n; ++i) {
        std::string read = genome.empty() ? random_bases(100) : genome.substr(rng() % (genome.size() - 100), 100);
        if (adapter_every > 0 && i % static_cast<std::size_t>(adapter_every) == 0)
            read = (read.substr(0, 25 + rng() % 60) + construct + random_bases(100)).substr(0, 100);
        reads.add("r", read, std::string(100, 'I'));
    }
    return reads;
}

const std::string k_novel = "GTCAGTCCTACGATTGCAACTGGTACCGATTAC";  // not in k_known_adapters

}  // namespace

TEST_CASE("discover_adapter: assembles an adapter that is not in the built-in list", "[qc][adapter]") {
    const auto reads = make_reads(20000, 10, k_novel, 3);
    const auto found = plateau::qc::discover_adapter(reads);
    REQUIRE(found.has_value());
    CHECK(found->sequence == k_novel);
    CHECK(found->seed_count > 1000);
}

TEST_CASE("discover_adapter: a construct that runs to the read ends is kept, capped at 60 bases", "[qc][adapter]") {
    const std::string construct = k_novel + std::string("ACGTTGCAGGATCTCGTATGCCGTCTTCTGCTTG") + std::string(60, 'A');
    const auto found = plateau::qc::discover_adapter(make_reads(20000, 8, construct, 4));
    REQUIRE(found.has_value());
    CHECK(found->sequence == construct.substr(0, 60));
}

TEST_CASE("discover_adapter: nothing in adapter-free reads, too few reads, or short shared stretches",
          "[qc][adapter]") {
    CHECK_FALSE(plateau::qc::discover_adapter(make_reads(20000, 0, k_novel, 5)).has_value());
    // Fewer reads than fastp's minimum of 10,000.
    CHECK_FALSE(plateau::qc::discover_adapter(make_reads(9999, 10, k_novel, 6)).has_value());
    // A 14-base motif with random bases on both sides is not an adapter (shorter than 20 bases).
    CHECK_FALSE(plateau::qc::discover_adapter(make_reads(20000, 10, k_novel.substr(0, 14), 7)).has_value());
}

TEST_CASE("discover_adapter: a genome sequenced deeply is not taken for an adapter", "[qc][adapter]") {
    // 400 bp sequenced 20,000 times: every 10-mer is hugely over-represented, but growing a seed
    // backwards follows the genome until the reads run out instead of meeting varied inserts.
    std::mt19937 rng(8);
    std::string genome(400, 'A');
    for (char& c : genome) c = "ACGT"[rng() % 4];
    CHECK_FALSE(plateau::qc::discover_adapter(make_reads(20000, 0, k_novel, 9, genome)).has_value());
}

TEST_CASE("discover_adapter: a fixed stretch at one read position (amplicons) is not an adapter", "[qc][adapter]") {
    // Every read: 40 varied bases, then the same 60 bases to the read end. Growing backwards meets
    // disagreement and forwards runs to the read ends, as for an adapter, but the seed always sits
    // at position 40, where read-through adapters start wherever the insert ends.
    std::mt19937 rng(10);
    auto random_bases = [&](std::size_t len) {
        std::string s(len, 'A');
        for (char& c : s) c = "ACGT"[rng() % 4];
        return s;
    };
    const std::string conserved = random_bases(60);
    plateau::core::ReadBatch reads;
    for (int i = 0; i < 20000; ++i) reads.add("r", random_bases(40) + conserved, std::string(100, 'I'));
    CHECK_FALSE(plateau::qc::discover_adapter(reads).has_value());
}
