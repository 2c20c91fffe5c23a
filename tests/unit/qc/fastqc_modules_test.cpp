#include "qc/fastqc_modules.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "support/test_data.hpp"

#define TEST_GROUP "[qc][fastqc]"

namespace {

namespace qc = plateau::qc;
namespace fs = std::filesystem;

// Debian's fastqc package ships example inputs with the summary.txt FastQC 0.11.9 wrote for them.
std::optional<fs::path> examples_dir() {
    const std::string summary =
        plateau::test::debian_file("fastqc", "usr/share/doc/fastqc/examples/example_fastqc_expected_summary.txt");
    if (summary.empty()) return std::nullopt;
    return fs::path(summary).parent_path();
}

void add_read(qc::FastqcInput& input, std::string_view seq, std::string_view qual) {
    qc::fastqc_count_read(input, seq, qual);
    input.sequences.add(seq);
}

void add_fastq(qc::FastqcInput& input, const fs::path& path) {
    std::ifstream in(path);
    std::string id, seq, plus, qual;
    while (std::getline(in, id)) {
        if (id.empty()) continue;
        REQUIRE(id[0] == '@');
        REQUIRE(std::getline(in, seq));
        REQUIRE(std::getline(in, plus));
        REQUIRE(std::getline(in, qual));
        add_read(input, seq, qual);
    }
}

// SAM text as FastQC reads it (htsjdk): SEQ and QUAL columns, QUAL "*" kept as the one character
// "*", and reverse-strand records (flag 0x10) reverse-complemented, qualities reversed.
void add_sam(qc::FastqcInput& input, const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '@') continue;
        std::vector<std::string> cols;
        std::istringstream fields(line);
        for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
        REQUIRE(cols.size() >= 11);
        std::string seq = cols[9] == "*" ? "" : cols[9], qual = cols[10];
        if (std::stoi(cols[1]) & 0x10) {
            std::string rc(seq.rbegin(), seq.rend());
            for (char& c : rc) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                c = c == 'A' ? 'T' : c == 'T' ? 'A' : c == 'C' ? 'G' : c == 'G' ? 'C' : c;
            }
            seq = rc;
            qual.assign(qual.rbegin(), qual.rend());
        }
        add_read(input, seq, qual);
    }
}

// summary.txt lines: VERDICT \t module name \t file name. Dropped: Kmer Content (not implemented)
// and Per tile sequence quality (these inputs are counted without read names; the CLI tests
// fastqc_verdicts and fastqc_data check it).
std::vector<std::pair<std::string, std::string>> expected_summary(const fs::path& path) {
    std::vector<std::pair<std::string, std::string>> rows;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string verdict, module;
        std::getline(fields, verdict, '\t');
        std::getline(fields, module, '\t');
        if (module == "Per tile sequence quality" || module == "Kmer Content") continue;
        rows.emplace_back(verdict, module);
    }
    return rows;
}

void check_against_summary(const qc::FastqcInput& input, const fs::path& summary) {
    const auto expected = expected_summary(summary);
    REQUIRE(expected.size() >= 9);
    std::vector<qc::ModuleResult> modules;
    for (auto& m : qc::fastqc_modules(input))
        if (m.applicable) modules.push_back(std::move(m));
    REQUIRE(modules.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("module " << expected[i].second);
        CHECK(modules[i].name == expected[i].second);
        CHECK(qc::verdict_label(modules[i].verdict) == expected[i].first);
    }
}

qc::ModuleResult module(const std::vector<qc::ModuleResult>& modules, std::string_view name) {
    for (const auto& m : modules) {
        if (m.name == name) return m;
    }
    FAIL("no module " << name);
    return {};
}

qc::Verdict verdict_of(const qc::FastqcInput& input, std::string_view name) {
    return module(qc::fastqc_modules(input), name).verdict;
}

const std::vector<double>& series(const qc::ModuleResult& m, std::string_view name) {
    for (const auto& s : m.series) {
        if (s.name == name) return s.values;
    }
    FAIL("no series " << name << " in " << m.name);
    return m.series.front().values;
}

double value(const qc::ModuleResult& m, std::string_view name) {
    for (const auto& [key, v] : m.values) {
        if (key == name) return v;
    }
    FAIL("no value " << name << " in " << m.name);
    return 0;
}

// Distinct, adapter-free sequences: i written in base 4 over A/C/T/G, padded with 'A'.
std::string distinct_seq(std::size_t i, std::size_t length) {
    std::string s(length, 'A');
    for (std::size_t k = 0; k < length && i > 0; ++k, i /= 4) s[k] = "ACTG"[i % 4];
    return s;
}

std::string quals(std::size_t length, int phred) { return std::string(length, static_cast<char>(33 + phred)); }

}  // namespace

TEST_CASE("fastqc_modules: example.fastq verdicts match FastQC 0.11.9's summary", TEST_GROUP "[debian]") {
    const auto dir = examples_dir();
    if (!dir) {
        // Under ctest the data fixture always provides the files: missing data is a failure there.
        if (std::getenv("PLATEAU_DEBDATA")) FAIL("Debian fastqc examples missing under PLATEAU_DEBDATA");
        WARN("Debian fastqc examples not found (set PLATEAU_DEBDATA); skipping");
        return;
    }
    qc::FastqcInput input;
    add_fastq(input, *dir / "example.fastq");
    REQUIRE(input.sequences.total_count() == 125);
    check_against_summary(input, *dir / "example_fastqc_expected_summary.txt");
}

TEST_CASE("fastqc_modules: toy_sam.sam verdicts match FastQC 0.11.9's summary", TEST_GROUP "[debian]") {
    const auto dir = examples_dir();
    if (!dir || !fs::exists(*dir / "toy_sam.sam")) {
        if (std::getenv("PLATEAU_DEBDATA")) FAIL("Debian fastqc examples missing under PLATEAU_DEBDATA");
        WARN("Debian fastqc examples not found (set PLATEAU_DEBDATA); skipping");
        return;
    }
    qc::FastqcInput input;
    add_sam(input, *dir / "toy_sam.sam");
    REQUIRE(input.sequences.total_count() == 12);
    check_against_summary(input, *dir / "toy_sam_fastqc_expected_summary.txt");
}

TEST_CASE("fastqc_base_groups: FastQC's default linear grouping", TEST_GROUP) {
    CHECK(qc::fastqc_base_groups(0).empty());
    const auto g75 = qc::fastqc_base_groups(75);
    REQUIRE(g75.size() == 75);
    CHECK(g75.back().label() == "75");

    // 76 bp: interval 2 (9 + ceil(67/2) = 43 groups), singles up to 9, then 10-11 ... 74-75, 76.
    const auto g76 = qc::fastqc_base_groups(76);
    REQUIRE(g76.size() == 43);
    CHECK(g76[8].label() == "9");
    CHECK(g76[9].label() == "10-11");
    CHECK(g76[41].label() == "74-75");
    CHECK(g76[42].label() == "76");

    // 150 bp: interval 2 would give 80 groups, so 5: 10-14, 15-19, ..., 145-149, 150.
    const auto g150 = qc::fastqc_base_groups(150);
    REQUIRE(g150.size() == 38);
    CHECK(g150[9].label() == "10-14");
    CHECK(g150[36].label() == "145-149");
    CHECK(g150[37].label() == "150");

    // 1000 bp: interval 20, and the group after 9 is 10-19 so later groups start at multiples of 20.
    const auto g1000 = qc::fastqc_base_groups(1000);
    REQUIRE(g1000.size() == 60);
    CHECK(g1000[9].label() == "10-19");
    CHECK(g1000[10].label() == "20-39");
    CHECK(g1000[58].label() == "980-999");
    CHECK(g1000[59].label() == "1000");
}

TEST_CASE("fastqc_modules: per-base percentiles use FastQC's truncated targets", TEST_GROUP) {
    qc::FastqcInput input;
    for (int i = 0; i < 50; ++i) add_read(input, "A", quals(1, 10));
    for (int i = 0; i < 51; ++i) add_read(input, "A", quals(1, 30));
    const auto modules = qc::fastqc_modules(input);
    const auto& m = module(modules, "Per base sequence quality");
    // 101 bases: targets are floor(101*p/100) = 50, 25, 75, 10, 90; the cumulative count reaches
    // 50 at phred 10, so the "median" is 10 although the 51st value is 30.
    CHECK(series(m, "Median")[0] == 10);
    CHECK(series(m, "Lower Quartile")[0] == 10);
    CHECK(series(m, "Upper Quartile")[0] == 30);
    CHECK(series(m, "10th Percentile")[0] == 10);
    CHECK(series(m, "90th Percentile")[0] == 30);
    CHECK(series(m, "Mean")[0] == Approx((50 * 10 + 51 * 30) / 101.0));
    CHECK(m.verdict == qc::Verdict::fail);  // median 10 < 20
}

TEST_CASE("fastqc_modules: positions with 100 bases or fewer get no percentiles", TEST_GROUP) {
    qc::FastqcInput input;
    for (int i = 0; i < 100; ++i) add_read(input, "AC", quals(2, 2));
    const auto& m = module(qc::fastqc_modules(input), "Per base sequence quality");
    CHECK(std::isnan(series(m, "Median")[0]));
    CHECK(series(m, "Mean")[0] == 2);
    CHECK(m.verdict == qc::Verdict::pass);
}

TEST_CASE("fastqc_modules: grouped positions average their per-position percentiles", TEST_GROUP) {
    const auto run = [](int phred_at_11) {
        qc::FastqcInput input;
        std::string q = quals(76, 40);
        q[9] = static_cast<char>(33 + 20);
        q[10] = static_cast<char>(33 + phred_at_11);
        for (int i = 0; i < 101; ++i) add_read(input, std::string(76, 'A'), q);
        return module(qc::fastqc_modules(input), "Per base sequence quality");
    };
    const auto pass = run(31);
    REQUIRE(pass.x_labels[9] == "10-11");
    CHECK(series(pass, "Median")[9] == 25.5);
    CHECK(pass.verdict == qc::Verdict::pass);
    CHECK(run(29).verdict == qc::Verdict::warn);  // (20 + 29) / 2 = 24.5 < 25
}

TEST_CASE("fastqc_modules: per-sequence quality bins the truncated mean, first mode wins", TEST_GROUP) {
    CHECK(qc::fastqc_mean_quality_bin("II5") == 33);  // (40 + 40 + 20) / 3 = 33.3
    CHECK(qc::fastqc_mean_quality_bin("I55") == 26);  // 26.7 is truncated, not rounded
    CHECK(qc::fastqc_mean_quality_bin("!") == 0);
    CHECK(qc::fastqc_mean_quality_bin("") == -1);

    qc::FastqcInput input;
    for (int i = 0; i < 2; ++i) add_read(input, "ACGT", quals(4, 35));
    for (int i = 0; i < 2; ++i) add_read(input, "ACGT", "++++");  // phred 10
    const auto& m = module(qc::fastqc_modules(input), "Per sequence quality scores");
    CHECK(value(m, "Most frequent mean quality") == 10);
    CHECK(m.verdict == qc::Verdict::fail);
    CHECK(m.x_labels.front() == "10");
    CHECK(m.x_labels.back() == "35");

    add_read(input, "ACG", "I55");
    add_read(input, "ACG", "I55");
    add_read(input, "ACG", "I55");
    const auto& again = module(qc::fastqc_modules(input), "Per sequence quality scores");
    CHECK(value(again, "Most frequent mean quality") == 26);
    CHECK(again.verdict == qc::Verdict::warn);
}

TEST_CASE("fastqc_modules: an all-high quality file is read as Illumina 1.5 like FastQC does", TEST_GROUP) {
    qc::FastqcInput input;
    for (int i = 0; i < 10; ++i) add_read(input, "ACGTACGT", quals(8, 40));  // 'I': lowest char >= 64
    const auto modules = qc::fastqc_modules(input);
    const auto& basic = module(modules, "Basic Statistics");
    CHECK(basic.info[1] == std::pair<std::string, std::string>{"Encoding", "Illumina 1.5"});
    CHECK(value(module(modules, "Per sequence quality scores"), "Most frequent mean quality") == 9);
}

TEST_CASE("fastqc_modules: GC model spreads a read over the percentages it can round to", TEST_GROUP) {
    CHECK(qc::fastqc_gc_length(100) == 100);
    CHECK(qc::fastqc_gc_length(101) == 100);
    CHECK(qc::fastqc_gc_length(999) == 900);
    CHECK(qc::fastqc_gc_length(1500) == 1000);

    SECTION("length 2, two G/C: 75..100%, bin 75 shared with gc=1") {
        qc::FastqcInput input;
        add_read(input, "GC", "II");
        const auto dist = series(module(qc::fastqc_modules(input), "Per sequence GC content"), "GC count per read");
        REQUIRE(dist.size() == 101);
        CHECK(dist[74] == 0);
        CHECK(dist[75] == 0.5);
        CHECK(dist[76] == 1);
        CHECK(dist[100] == 1);
    }
    SECTION("a 150 bp read is judged on its first 100 bp") {
        qc::FastqcInput input;
        add_read(input, std::string(100, 'A') + std::string(50, 'G'), quals(150, 30));
        const auto dist = series(module(qc::fastqc_modules(input), "Per sequence GC content"), "GC count per read");
        CHECK(dist[0] == 1);    // round(0) .. round(0.5) = 0..1
        CHECK(dist[1] == 0.5);  // also claimed by gc=1 (round(0.5) .. round(1.5) = 1..2)
        CHECK(dist[2] == 0);
    }
    SECTION("normal fit: mode averages the bins near the top, stdev divides by reads - 1") {
        // 100 bp with 50 G/C claims bins 50 and 51, each shared with a neighbouring count: 0.5 each.
        qc::FastqcInput input;
        const std::string seq = std::string(50, 'G') + std::string(50, 'T');
        for (int i = 0; i < 5; ++i) add_read(input, seq, quals(100, 30));
        const auto m = module(qc::fastqc_modules(input), "Per sequence GC content");
        CHECK(series(m, "GC count per read")[50] == 2.5);
        CHECK(value(m, "Mode") == 50.5);
        const double variance = (0.25 * 2.5 + 0.25 * 2.5) / (5 - 1);
        CHECK(value(m, "Standard deviation") == Approx(std::sqrt(variance)));
        double deviation = 0;
        for (int i = 0; i <= 100; ++i) {
            const double fitted = 5 * std::exp(-(i - 50.5) * (i - 50.5) / (2 * variance)) / std::sqrt(2 * std::numbers::pi * variance);
            deviation += std::abs(fitted - (i == 50 || i == 51 ? 2.5 : 0));
        }
        CHECK(value(m, "Deviation percent") == Approx(deviation / 5 * 100));  // about 8.2%
        CHECK(m.verdict == qc::Verdict::pass);
    }
}

TEST_CASE("fastqc_modules: duplication without reaching the unique limit", TEST_GROUP) {
    qc::FastqcInput input;
    for (const char* s : {"CCCC", "AAAA", "GGGG", "AAAA", "aaaa"}) add_read(input, s, "IIII");
    CHECK(input.sequences.count_at_unique_limit() == 5);  // duplicates move it too until the limit
    const auto& m = module(qc::fastqc_modules(input), "Sequence Duplication Levels");
    CHECK(value(m, "Total Deduplicated Percentage") == Approx(100.0 * 3 / 5));  // 3 distinct of 5
    CHECK(m.verdict == qc::Verdict::warn);
    CHECK(series(m, "Percentage of deduplicated")[0] == Approx(200.0 / 3));
    CHECK(series(m, "Percentage of total")[2] == Approx(60));
}

TEST_CASE("FastqcSequenceTracker: stops admitting at the limit and FastQC's correction applies", TEST_GROUP) {
    qc::FastqcInput input;
    input.sequences = qc::FastqcSequenceTracker(2);
    for (const char* s : {"AAAA", "CCCC", "AAAA", "GGGG", "AAAA", "CCCC", "TTTT"}) add_read(input, s, "IIII");
    const auto& t = input.sequences;
    CHECK(t.total_count() == 7);
    CHECK(t.count_at_unique_limit() == 2);
    REQUIRE(t.entries().size() == 2);
    CHECK(t.entries()[0].count == 3);
    CHECK(t.entries()[1].count == 2);
    {
        auto copy = t;  // a copy stands on its own
        copy.add("aaaa");
        copy.add("TTTT");
        CHECK(copy.entries()[0].count == 4);
        CHECK(copy.entries().size() == 2);
    }
    CHECK(t.entries()[0].count == 3);
    // Level 3: P(not seen in 2 draws) = 4/7 * 3/6, corrected count 1 / (1 - 2/7) = 7/5.
    // Level 2: 5/7 * 4/6 = 10/21, corrected count 21/11. Deduplicated % = sum(n) / sum(n * level).
    const double dedup = 7.0 / 5 + 21.0 / 11, raw = 3 * 7.0 / 5 + 2 * 21.0 / 11;
    const auto& m = module(qc::fastqc_modules(input), "Sequence Duplication Levels");
    CHECK(value(m, "Total Deduplicated Percentage") == Approx(100 * dedup / raw));
    CHECK(m.verdict == qc::Verdict::fail);
}

TEST_CASE("fastqc_modules: FastQC's correction shortcut compares total - distinct with the limit", TEST_GROUP) {
    qc::FastqcInput input;
    input.sequences = qc::FastqcSequenceTracker(3);
    for (const char* s : {"AAAA", "AAAA", "CCCC", "GGGG", "TTTT"}) add_read(input, s, "IIII");
    REQUIRE(input.sequences.count_at_unique_limit() == 4);
    // Level 1 has 2 distinct sequences and 5 - 2 < 4, so FastQC keeps 2 as is (a test on the level
    // instead would correct it to 2.5); level 2: the factor (5 - 3 - 2) / 2 reaches 0, so 1 stays 1.
    const auto& m = module(qc::fastqc_modules(input), "Sequence Duplication Levels");
    CHECK(value(m, "Total Deduplicated Percentage") == Approx(100.0 * 3 / 4));
}

TEST_CASE("FastqcSequenceTracker: reads over 75 bp are tracked by their first 50 bp", TEST_GROUP) {
    qc::FastqcSequenceTracker t;
    const std::string head(50, 'C');
    t.add(head + std::string(26, 'A'));
    t.add(head + std::string(26, 'G'));
    t.add(head + std::string(25, 'A'));  // 75 bp: kept whole
    REQUIRE(t.entries().size() == 2);
    CHECK(t.entries()[0].sequence == head);
    CHECK(t.entries()[0].count == 2);
    CHECK(t.entries()[1].sequence.size() == 75);
}

TEST_CASE("fastqc_modules: overrepresented sequences above 0.1%, failing above 1%", TEST_GROUP) {
    const auto run = [](std::size_t copies) {
        qc::FastqcInput input;
        for (std::size_t i = 0; i < copies; ++i) add_read(input, distinct_seq(0, 20), quals(20, 30));
        for (std::size_t i = 1; i <= 1000 - copies; ++i) add_read(input, distinct_seq(i, 20), quals(20, 30));
        return module(qc::fastqc_modules(input), "Overrepresented sequences");
    };
    const auto fail = run(11);
    REQUIRE(fail.overrepresented.size() == 1);
    CHECK(fail.overrepresented[0].count == 11);
    CHECK(fail.overrepresented[0].percent == Approx(1.1));
    CHECK(fail.verdict == qc::Verdict::fail);
    CHECK(run(2).verdict == qc::Verdict::warn);
    CHECK(run(1).verdict == qc::Verdict::pass);  // 0.1% is not above 0.1%
}

TEST_CASE("fastqc_adapter_hits: first 0-based occurrence of each 12-mer, any case", TEST_GROUP) {
    const auto hits = qc::fastqc_adapter_hits("TTTagatcggaagagTTAGATCGGAAGAGCTGTCTCTTATA");
    CHECK(hits[0] == 3);
    CHECK(hits[1] == -1);
    CHECK(hits[3] == 29);
    CHECK(qc::fastqc_adapter_hits("AGATCGGAAGNG")[0] == -1);
    CHECK(qc::fastqc_adapter_hits("NAGATCGGAAGAG")[0] == 1);
    CHECK(qc::fastqc_adapter_hits("CGCCTTGGCCG")[4] == -1);  // 11 bp
    CHECK(qc::fastqc_adapter_hits("CGCCTTGGCCGT")[4] == 0);
}

TEST_CASE("fastqc_modules: adapter content is cumulative over positions", TEST_GROUP) {
    const auto run = [](int with_adapter) {
        qc::FastqcInput input;
        for (int i = 0; i < 10; ++i) {
            std::string s = distinct_seq(static_cast<std::size_t>(i) + 1, 20);
            if (i < with_adapter) s.replace(3, 12, "AGATCGGAAGAG");
            add_read(input, s, quals(20, 30));
        }
        return module(qc::fastqc_modules(input), "Adapter Content");
    };
    const auto two = run(2);
    REQUIRE(two.x_labels.size() == 9);  // 20 - 12 + 1 start positions
    const auto& universal = series(two, "Illumina Universal Adapter");
    CHECK(universal[2] == 0);
    CHECK(universal[3] == Approx(20));
    CHECK(universal[8] == Approx(20));
    CHECK(two.verdict == qc::Verdict::fail);
    CHECK(run(1).verdict == qc::Verdict::warn);  // 10% is above 5 but not above 10
    CHECK(run(0).verdict == qc::Verdict::pass);
}

TEST_CASE("fastqc_modules: an adapter-only read before any longer read is not counted", TEST_GROUP) {
    const auto run = [](bool adapter_first) {
        qc::FastqcInput input;
        if (adapter_first) add_read(input, "TGGAATTCTCGG", quals(12, 30));
        for (std::size_t i = 1; i <= 9; ++i) add_read(input, distinct_seq(i, 20), quals(20, 30));
        if (!adapter_first) add_read(input, "TGGAATTCTCGG", quals(12, 30));
        return module(qc::fastqc_modules(input), "Adapter Content");
    };
    CHECK(run(true).verdict == qc::Verdict::pass);
    const auto last = run(false);
    CHECK(series(last, "Illumina Small RNA 3' Adapter")[0] == Approx(10));
    CHECK(last.verdict == qc::Verdict::warn);

    qc::FastqcInput short_reads;
    add_read(short_reads, "ACGTACGTACGT", quals(12, 30));
    CHECK(verdict_of(short_reads, "Adapter Content") == qc::Verdict::warn);  // too short to analyse
}

TEST_CASE("fastqc_modules: N content counts only reads reaching each position", TEST_GROUP) {
    qc::FastqcInput input;
    for (int i = 0; i < 9; ++i) add_read(input, "AC", "II");
    add_read(input, "An", "II");
    const auto& m = module(qc::fastqc_modules(input), "Per base N content");
    CHECK(series(m, "N-Count")[1] == Approx(10));
    CHECK(m.verdict == qc::Verdict::warn);
    add_read(input, "ACGN", "IIII");  // position 4: 1 N of 1 read
    CHECK(verdict_of(input, "Per base N content") == qc::Verdict::fail);
}

TEST_CASE("fastqc_modules: per-base content compares G with C and A with T", TEST_GROUP) {
    qc::FastqcInput balanced;
    for (const char* s : {"ACGT", "CATG", "GTAC", "TGCA"}) add_read(balanced, s, "IIII");
    CHECK(verdict_of(balanced, "Per base sequence content") == qc::Verdict::pass);
    qc::FastqcInput skewed;
    for (const char* s : {"ACGT", "CATG", "GTAC", "GGCA"}) add_read(skewed, s, "IIII");  // position 1: 50% G vs 25% C
    CHECK(verdict_of(skewed, "Per base sequence content") == qc::Verdict::fail);
}

TEST_CASE("fastqc_modules: length distribution warns on mixed lengths, fails on empty reads", TEST_GROUP) {
    qc::FastqcInput input;
    add_read(input, "ACGT", "IIII");
    CHECK(verdict_of(input, "Sequence Length Distribution") == qc::Verdict::pass);
    add_read(input, "ACG", "III");
    CHECK(verdict_of(input, "Sequence Length Distribution") == qc::Verdict::warn);
    add_read(input, "", "");
    CHECK(verdict_of(input, "Sequence Length Distribution") == qc::Verdict::fail);
}

TEST_CASE("fastqc_modules: module list follows summary.txt order", TEST_GROUP) {
    qc::FastqcInput input;
    add_read(input, "ACGTACGTACGTACGT", quals(16, 30));
    std::vector<std::string> names;
    for (const auto& m : qc::fastqc_modules(input)) names.push_back(m.name);
    CHECK(names == std::vector<std::string>{"Basic Statistics", "Per base sequence quality", "Per tile sequence quality", "Per sequence quality scores",
                                            "Per base sequence content", "Per sequence GC content", "Per base N content",
                                            "Sequence Length Distribution", "Sequence Duplication Levels",
                                            "Overrepresented sequences", "Adapter Content"});
    qc::FastqcInput no_quality;
    add_read(no_quality, "ACGT", "");
    CHECK(qc::fastqc_modules(no_quality).size() == 9);  // FastQC drops both quality modules
    CHECK_FALSE(module(qc::fastqc_modules(input), "Per tile sequence quality").applicable);  // no names, no tiles
}

TEST_CASE("fastqc_merge_counts: merged partial counts give the same results", TEST_GROUP) {
    qc::FastqcInput whole, part_a, part_b;
    for (std::size_t i = 0; i < 300; ++i) {
        std::string s = distinct_seq(i * 7919 % 1000, 30 + i % 50);
        if (i % 11 == 0) s.replace(5, 12, "CTGTCTCTTATA");
        const std::string q = quals(s.size(), static_cast<int>(i % 41));
        add_read(whole, s, q);
        qc::fastqc_count_read(i % 3 == 0 ? part_a : part_b, s, q);
        part_a.sequences.add(s);  // the tracker is fed in input order, in one place
    }
    qc::fastqc_merge_counts(part_a, part_b);
    const auto expected = qc::fastqc_modules(whole), merged = qc::fastqc_modules(part_a);
    REQUIRE(merged.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO(expected[i].name);
        CHECK(merged[i].verdict == expected[i].verdict);
        CHECK(merged[i].x_labels == expected[i].x_labels);
        for (std::size_t s = 0; s < expected[i].series.size(); ++s) {
            for (std::size_t k = 0; k < expected[i].series[s].values.size(); ++k) {
                const double a = merged[i].series[s].values[k], b = expected[i].series[s].values[k];
                CHECK((a == b || (std::isnan(a) && std::isnan(b))));
            }
        }
    }
}

TEST_CASE("fastqc_count_read: rejects quality characters outside Phred+33", TEST_GROUP) {
    qc::FastqcInput input;
    CHECK_THROWS_AS(qc::fastqc_count_read(input, "AC", "I "), plateau::Error);
    CHECK_THROWS_AS(qc::fastqc_count_read(input, "AC", "I\x7f"), plateau::Error);
}

TEST_CASE("fastqc_modules: an empty input gives FastQC's verdicts for an empty file", TEST_GROUP) {
    const auto modules = qc::fastqc_modules(qc::FastqcInput{});
    REQUIRE(modules.size() == 9);
    CHECK_FALSE(module(modules, "Per tile sequence quality").applicable);
    CHECK(module(modules, "Adapter Content").verdict == qc::Verdict::warn);
    CHECK(module(modules, "Per sequence GC content").verdict == qc::Verdict::pass);
    CHECK(value(module(modules, "Sequence Duplication Levels"), "Total Deduplicated Percentage") == 100);
}

TEST_CASE("fastqc tiles: FastQC 0.11.9's name fields, sampling and deviations", TEST_GROUP) {
    // Casava 1.8+: 7 or more ':' fields (the comment counts), tile in field 4; older: 5-6 fields, field 2.
    CHECK(qc::fastqc_tile_field("A00123:8:HXX:2:1101:100:200 1:N:0:ACGT") == 4);
    CHECK(qc::fastqc_tile_field("HWUSI-EAS100R:6:73:941:1973#0/1") == 2);
    CHECK_FALSE(qc::fastqc_tile_field("read1").has_value());
    CHECK_FALSE(qc::fastqc_tile_field("a:b:c:d::::").has_value());  // Java's split drops trailing empty fields
    CHECK(qc::fastqc_tile_of("A00123:8:HXX:2:1101:100:200", 4) == 1101);
    CHECK(qc::fastqc_tile_of("x:y:+12:z:w", 2) == 12);  // Integer.parseInt accepts a sign
    CHECK_FALSE(qc::fastqc_tile_of("x:y:1a:z:w", 2).has_value());
    CHECK_FALSE(qc::fastqc_tile_of("x:y:99999999999:z:w", 2).has_value());
    CHECK_FALSE(qc::fastqc_tile_sampled(0));
    CHECK(qc::fastqc_tile_sampled(9));  // the 10th, 20th, ... read
    CHECK(qc::fastqc_tile_sampled(19));

    // Two tiles, one position: means 30 and 20, average 25, deviations +5 and -5 (not above 5: pass).
    qc::FastqcInput input;
    add_read(input, "A", quals(1, 30));
    input.tiles.add("i:1:2:3:4", quals(1, 30), 2);
    input.tiles.add("i:1:3:3:4", quals(1, 20), 2);
    auto tile = module(qc::fastqc_modules(input), "Per tile sequence quality");
    REQUIRE(tile.applicable);
    CHECK(series(tile, "2") == std::vector<double>{5.0});
    CHECK(series(tile, "3") == std::vector<double>{-5.0});
    CHECK(tile.verdict == qc::Verdict::pass);
    input.tiles.add("i:1:3:3:4", quals(1, 10), 2);  // tile 3 mean 15: average 22.5, deviation 7.5: warn
    CHECK(verdict_of(input, "Per tile sequence quality") == qc::Verdict::warn);
    input.tiles.add("no tile here", quals(1, 30), 2);  // one sampled read without a tile: FastQC drops the module
    CHECK_FALSE(module(qc::fastqc_modules(input), "Per tile sequence quality").applicable);
}
