#include "core/read_batch.hpp"
#include "qc/adapter_trim.hpp"
#include "qc/plan.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

TEST_CASE("is_two_colour_instrument: NextSeq/NovaSeq read names turn polyG trimming on", "[qc][plan]") {
    CHECK(plateau::qc::is_two_colour_instrument("NB501234:12:HXXXXXBGX3:1:11101:10000:1000 1:N:0:1"));
    CHECK(plateau::qc::is_two_colour_instrument("A00123:8:H7XXXDSXX:1:1101:1000:1000"));
    CHECK_FALSE(plateau::qc::is_two_colour_instrument("HWI-EAS_4_PE-FC20GCB:2:1:492:573/2"));
    CHECK_FALSE(plateau::qc::is_two_colour_instrument("M01234:1:000000000-A1B2C:1:1101:15589:1333"));
}

TEST_CASE("detect_adapter: finds the adapter carried by enough reads, and none otherwise", "[qc][plan]") {
    std::mt19937 rng(9);
    auto random_read = [&](std::size_t n) {
        std::string s(n, 'A');
        for (char& c : s) c = "ACGT"[rng() % 4];
        return s;
    };
    const std::string nextera(plateau::qc::k_known_adapters[1].read1);
    plateau::core::ReadBatch clean, with_adapter;
    for (int i = 0; i < 5000; ++i) {
        const std::string read = random_read(100);
        clean.add("r", read, std::string(100, 'I'));
        // 2% of the reads run into the Nextera adapter at a random position.
        std::string spliced = read;
        if (i % 50 == 0) spliced = (read.substr(0, 40 + rng() % 30) + nextera + read).substr(0, 100);
        with_adapter.add("r", spliced, std::string(100, 'I'));
    }
    CHECK_FALSE(plateau::qc::detect_adapter(clean).has_value());
    const auto found = plateau::qc::detect_adapter(with_adapter);
    REQUIRE(found.has_value());
    CHECK(*found == nextera);
}
