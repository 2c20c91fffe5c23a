// run's plan and option checks, against FROGS 5.0.2's rules written out by hand: merge
// --fastq_minovlen = max(R1 + R2 - max amplicon, 10), filter window = amplicon sizes minus the two
// primer lengths (0 without primers), fastidious only at d = 1, read sizes from the first sample.
#include "amplicon/run_api.hpp"

#include "core/error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace plateau::amplicon;
using Catch::Matchers::Contains;

namespace {

RunOptions v4_options() {
    RunOptions o;
    o.samples = {{"s1", "s1_R1.fq", "s1_R2.fq"}, {"s2", "s2_R1.fq", "s2_R2.fq"}};
    o.outdir = "out";
    o.five_prime = "GTGCCAGCMGCCGCGGTAA";    // 515F, 19 nt
    o.three_prime = "ATTAGAWACCCBDGTAGTCC";  // 806R reverse-complemented, 20 nt
    o.min_amplicon_size = 250;
    o.max_amplicon_size = 300;
    o.read1_size = 250;
    o.read2_size = 250;
    return o;
}

std::string usage_error(const RunOptions& o) {
    try {
        validate(o);
    } catch (const plateau::Error& e) {
        CHECK(e.code() == plateau::ErrorCode::Usage);
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("RunPlan: FROGS' minimum overlap, filter window and fastidious switch", "[amplicon][run]") {
    RunOptions o = v4_options();
    RunPlan p = plan_run(o);
    CHECK(p.min_overlap == 200);  // 250 + 250 - 300
    CHECK(p.primer_length == 39);
    CHECK(p.min_length == 211);
    CHECK(p.max_length == 261);
    CHECK(p.fastidious);
    o.read1_size = 150;
    o.read2_size = 150;
    CHECK(plan_run(o).min_overlap == 10);  // 150 + 150 - 300 = 0, raised to 10
    o.without_primers = true;
    o.five_prime.clear();
    o.three_prime.clear();
    p = plan_run(o);
    CHECK(p.primer_length == 0);
    CHECK(p.min_length == 250);
    CHECK(p.max_length == 300);
    o.differences = 2;
    CHECK_FALSE(plan_run(o).fastidious);
    o.differences = 1;
    o.fastidious = false;
    CHECK_FALSE(plan_run(o).fastidious);
}

TEST_CASE("RunPlan: read sizes default to the longest of the first 1000 reads of the first sample", "[amplicon][run]") {
    plateau::test::TempDir dir;
    std::string r1, r2;
    for (int i = 0; i < 1200; ++i) {
        const std::size_t n1 = i == 999 ? 251 : (i == 1000 ? 260 : 240);  // read 1001 is not looked at
        const std::size_t n2 = i == 10 ? 230 : 200;
        r1 += "@p" + std::to_string(i) + "\n" + std::string(n1, 'A') + "\n+\n" + std::string(n1, 'I') + "\n";
        r2 += "@p" + std::to_string(i) + "\n" + std::string(n2, 'C') + "\n+\n" + std::string(n2, 'I') + "\n";
    }
    plateau::test::write_text(dir.file("r1.fq"), r1);
    plateau::test::write_text(dir.file("r2.fq"), r2);
    RunOptions o = v4_options();
    o.samples = {{"s1", dir.file("r1.fq"), dir.file("r2.fq")}};
    o.read1_size = o.read2_size = 0;
    const RunPlan p = plan_run(o);
    CHECK(p.read1_size == 251);
    CHECK(p.read2_size == 230);
    CHECK(p.min_overlap == 181);  // 251 + 230 - 300
}

TEST_CASE("RunOptions: invalid combinations name the flag", "[amplicon][run]") {
    RunOptions o = v4_options();
    CHECK(usage_error(o) == "no error");
    o.without_primers = true;
    CHECK_THAT(usage_error(o), Contains("--without-primers: not with --five-prime or --three-prime"));
    o = v4_options();
    o.three_prime.clear();
    CHECK_THAT(usage_error(o), Contains("give --five-prime and --three-prime, or --without-primers"));
    o = v4_options();
    o.five_prime = "GTG1A";
    CHECK_THAT(usage_error(o), Contains("--five-prime"));
    o = v4_options();
    o.min_amplicon_size = 39;
    CHECK_THAT(usage_error(o), Contains("--min-amplicon-size 39: must be longer than the primers (39 nt)"));
    o = v4_options();
    o.max_amplicon_size = 200;
    CHECK_THAT(usage_error(o), Contains("need 1 <= min <= max"));
    o = v4_options();
    o.read2_size = 0;
    CHECK_THAT(usage_error(o), Contains("--read1-size and --read2-size go together"));
    o = v4_options();
    o.mismatch_rate = 1.5;
    CHECK_THAT(usage_error(o), Contains("--mismatch-rate"));
    o = v4_options();
    o.samples.push_back({"s1", "a", "b"});
    CHECK_THAT(usage_error(o), Contains("duplicate sample name 's1'"));
}
