#include "core/io/sequence_reader.hpp"
#include "qc/read_stats.hpp"
#include "support/test_data.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

// Independent FASTQ reading for the checks: line by line through a shell decompressor.
struct Record {
    std::string seq, qual;
};
std::vector<Record> independent_read(const std::string& path) {
    const std::string command = "gzip -dcf '" + path + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::vector<Record> out;
    std::vector<std::string> lines;
    char buffer[65536];
    while (std::fgets(buffer, sizeof buffer, pipe)) {
        std::string line(buffer);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        lines.push_back(line);
        if (lines.size() == 4) {
            out.push_back({lines[1], lines[3]});
            lines.clear();
        }
    }
    ::pclose(pipe);
    return out;
}

void check_against_independent_counts(const std::string& path) {
    // Our reader + ReadStats...
    auto reader = plateau::core::SequenceReader::open(path);
    plateau::core::ReadBatch batch;
    plateau::qc::ReadStats stats;
    while (reader->read(batch, 1000, UINT64_MAX) > 0) {
        for (std::size_t i = 0; i < batch.size(); ++i) stats.add(batch[i].seq, batch[i].qual, 33);
        batch.clear();
    }
    // ...against per-cycle base counts and quality sums computed here from the raw lines.
    const std::vector<Record> records = independent_read(path);
    std::map<std::pair<int, char>, long long> base_count, quality_sum;
    for (const Record& r : records) {
        for (std::size_t i = 0; i < r.seq.size(); ++i) {
            char b = r.seq[i];
            if (b != 'A' && b != 'C' && b != 'G' && b != 'T') b = 'N';
            base_count[{static_cast<int>(i), b}] += 1;
            quality_sum[{static_cast<int>(i), b}] += r.qual[i] - 33;
        }
    }
    REQUIRE(stats.reads == static_cast<std::int64_t>(records.size()));
    long long mismatches = 0;
    for (int cycle = 0; cycle < stats.cycles(); ++cycle) {
        for (int b = 0; b < plateau::qc::k_base_kinds; ++b) {
            long long n = 0, qsum = 0;
            for (int q = 0; q < plateau::qc::k_quality_bins; ++q) {
                n += stats.count(cycle, b, q);
                qsum += stats.count(cycle, b, q) * q;
            }
            const std::pair<int, char> key{cycle, plateau::qc::k_base_letters[b]};
            mismatches += (n != base_count[key]) + (qsum != quality_sum[key]);
        }
    }
    CHECK(mismatches == 0);
    CHECK(stats.cycles() > 0);
}

std::string require_debian_file(const std::string& package, const std::string& relative) {
    std::string path = plateau::test::debian_file(package, relative);
    if (path.empty()) FAIL("test data missing: " << package << " " << relative << " (run tests/data/fetch-debian-data.sh)");
    return path;
}

}  // namespace

TEST_CASE("ReadStats: per-cycle counts equal an independent count on FastQC's example.fastq", "[qc][stats][debian]") {
    check_against_independent_counts(require_debian_file("fastqc", "usr/share/doc/fastqc/examples/example.fastq"));
}

TEST_CASE("ReadStats: per-cycle counts equal an independent count on bowtie2's lambda reads", "[qc][stats][debian]") {
    const std::string dir = "usr/share/doc/bowtie2/examples/reads/";
    check_against_independent_counts(require_debian_file("bowtie2-examples", dir + "reads_1.fq.gz"));
    check_against_independent_counts(require_debian_file("bowtie2-examples", dir + "longreads.fq.gz"));
}

TEST_CASE("ReadStats: before - removed + added equals statistics of the kept reads", "[qc][stats]") {
    std::mt19937 rng(5);
    plateau::qc::ReadStats before, removed, added, direct;
    for (int i = 0; i < 3000; ++i) {
        std::string seq(50 + rng() % 100, 'A'), qual(seq.size(), 'I');
        for (std::size_t j = 0; j < seq.size(); ++j) {
            seq[j] = "ACGTN"[rng() % 5];
            qual[j] = static_cast<char>(35 + rng() % 40);
        }
        before.add(seq, qual, 33);
        const int action = static_cast<int>(rng() % 3);  // 0 keep, 1 trim, 2 drop
        if (action == 0) {
            direct.add(seq, qual, 33);
        } else {
            removed.add(seq, qual, 33);
            if (action == 1) {
                const std::size_t begin = rng() % 10, len = seq.size() / 2;
                added.add(std::string_view(seq).substr(begin, len), std::string_view(qual).substr(begin, len), 33);
                direct.add(std::string_view(seq).substr(begin, len), std::string_view(qual).substr(begin, len), 33);
            }
        }
    }
    plateau::qc::ReadStats derived = before;
    derived.merge(removed, -1);
    derived.merge(added, +1);
    direct.length_histogram.resize(derived.length_histogram.size(), 0);
    CHECK(derived.reads == direct.reads);
    CHECK(derived.same_counts(direct));
    CHECK(derived.length_histogram == direct.length_histogram);
    CHECK(derived.gc_histogram == direct.gc_histogram);
    CHECK(derived.mean_quality_histogram == direct.mean_quality_histogram);
    CHECK(derived.kmer5 == direct.kmer5);
}

TEST_CASE("ReadStats: 5-mers, GC and mean quality of a hand-made read", "[qc][stats]") {
    plateau::qc::ReadStats s;
    s.add("ACGTACNGG", "IIIII!!!!", 33);  // Phred 40 x5, 0 x4 -> mean floor(200/9) = 22
    CHECK(s.kmer5[0b0001101100] == 1);  // ACGTA
    CHECK(s.kmer5[0b0110110001] == 1);  // CGTAC
    long long total = 0;
    for (auto v : s.kmer5) total += v;
    CHECK(total == 2);  // the N breaks the rest
    CHECK(s.mean_quality_histogram[22] == 1);
    CHECK(s.gc_histogram[63] == 1);  // 5 GC of 8 ACGT = 62.5%, rounded
    plateau::qc::ReadTotals t = plateau::qc::totals(s);
    CHECK(t.bases == 9);
    CHECK(t.q30 == 5);
    CHECK(t.gc == 5);
}
