#include "support/temp_dir.hpp"
#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/paired_reader.hpp"
#include "core/io/sequence_reader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using plateau::core::ReadBatch;
using plateau::core::SequenceFormat;
using plateau::core::SequenceReader;
using plateau::test::TempDir;
using plateau::test::write_text;

namespace {

ReadBatch read_all(const std::string& path) {
    auto reader = SequenceReader::open(path);
    ReadBatch batch;
    while (reader->read(batch, 3, UINT64_MAX) > 0) {
    }
    return batch;
}

std::string gzip_members(const std::string& text, std::size_t member_size) {
    plateau::core::GzipCompressor gz(6);
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += member_size) gz.compress_append(text.substr(i, member_size), out);
    return out;
}

std::string error_of(const std::string& path) {
    try {
        read_all(path);
    } catch (const plateau::Error& e) {
        return e.what();
    }
    return "";
}

const std::string k_fastq = "@r1 comment\nACGTN\n+\nIIIII\n@r2\nacgt.\n+r2\n!!!!~\n@r3\nGG\n+\nAB\n";

}  // namespace

TEST_CASE("SequenceReader: FASTQ plain, gzip and multi-member gzip give the same reads", "[core][io]") {
    TempDir dir;
    write_text(dir.file("a.fq"), k_fastq);
    write_text(dir.file("a.fq.gz"), gzip_members(k_fastq, 1 << 20));
    write_text(dir.file("multi.gz"), gzip_members(k_fastq, 7));  // members split inside records
    for (const char* name : {"a.fq", "a.fq.gz", "multi.gz"}) {
        CAPTURE(name);
        auto reader = SequenceReader::open(dir.file(name));
        CHECK(reader->format() == SequenceFormat::fastq);
        ReadBatch batch = read_all(dir.file(name));
        REQUIRE(batch.size() == 3);
        CHECK(batch[0].name == "r1 comment");
        CHECK(batch[0].seq == "ACGTN");
        CHECK(batch[1].seq == "ACGTN");  // upper-cased, '.' read as N
        CHECK(batch[1].qual == "!!!!~");
        CHECK(batch[2].qual == "AB");
        CHECK(batch.bases() == 12);
    }
}

TEST_CASE("SequenceReader: multi-line FASTA", "[core][io]") {
    TempDir dir;
    write_text(dir.file("a.fa"), ">s1 desc\nACGT\nAC\n\n>s2\nGGGG\n");
    auto reader = SequenceReader::open(dir.file("a.fa"));
    CHECK(reader->format() == SequenceFormat::fasta);
    ReadBatch batch = read_all(dir.file("a.fa"));
    REQUIRE(batch.size() == 2);
    CHECK(batch[0].seq == "ACGTAC");
    CHECK(batch[1].name == "s2");
    CHECK(batch[1].qual.empty());
}

TEST_CASE("SequenceReader: SequenceLetters::keep hands out letters as written", "[core][io]") {
    TempDir dir;
    // FASTQ four-line and line-wrapped records, multi-line FASTA: lower case and '.' kept as is
    write_text(dir.file("a.fq"), "@r1\nacGt.n\n+\nIIIIII\n@r2\nAc\ng.\n+\nIIII\n");
    write_text(dir.file("a.fa"), ">s1\nac.T\nnN\n>s2\nRy\n");
    const auto letters = [&](const std::string& path, plateau::core::SequenceLetters mode) {
        auto reader = SequenceReader::open(path, 0, plateau::core::QualityEncoding::phred33, mode);
        ReadBatch batch;
        while (reader->read(batch, 3, UINT64_MAX) > 0) {
        }
        std::vector<std::string> seqs;
        for (std::size_t i = 0; i < batch.size(); ++i) seqs.emplace_back(batch[i].seq);
        return seqs;
    };
    using L = plateau::core::SequenceLetters;
    CHECK(letters(dir.file("a.fq"), L::keep) == std::vector<std::string>{"acGt.n", "Acg."});
    CHECK(letters(dir.file("a.fq"), L::normalise) == std::vector<std::string>{"ACGTNN", "ACGN"});
    CHECK(letters(dir.file("a.fa"), L::keep) == std::vector<std::string>{"ac.TnN", "Ry"});
    CHECK(letters(dir.file("a.fa"), L::normalise) == std::vector<std::string>{"ACNTNN", "RY"});
    write_text(dir.file("bad.fq"), "@r1\nac1t\n+\nIIII\n");
    CHECK_THROWS_WITH(letters(dir.file("bad.fq"), L::keep), Catch::Matchers::Contains("invalid character '1'"));
}

TEST_CASE("SequenceReader: SAM reads come back in sequencing orientation", "[core][io]") {
    TempDir dir;
    write_text(dir.file("a.sam"),
               "@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:chr\tLN:100\n"
               "fwd\t4\t*\t0\t0\t*\t*\t0\t0\tACGGT\tABCDE\n"
               "rev\t16\tchr\t1\t60\t5M\t*\t0\t0\tACGGT\tABCDE\n"
               "sec\t256\tchr\t1\t60\t5M\t*\t0\t0\tACGGT\tABCDE\n");
    auto reader = SequenceReader::open(dir.file("a.sam"));
    CHECK(reader->format() == SequenceFormat::sam);
    ReadBatch batch = read_all(dir.file("a.sam"));
    REQUIRE(batch.size() == 2);  // the secondary alignment is skipped
    CHECK(batch[0].seq == "ACGGT");
    CHECK(batch[1].seq == "ACCGT");
    CHECK(batch[1].qual == "EDCBA");
}

TEST_CASE("SequenceReader: malformed input names the file and the record", "[core][io]") {
    TempDir dir;
    struct Case {
        const char* name;
        std::string content;
        const char* expected;
    };
    const Case cases[] = {
        {"no_plus.fq", "@a\nACGT\n+\nIIII\n@b\nACGT\nIIII\n@c\nA\n+\nI\n", "record 2"},
        {"length.fq", "@a\nACGT\n+\nIIII\n@b\nACGT\n+\nIII\n", "lengths differ"},
        {"truncated.fq", "@a\nACGT\n+\nIIII\n@b\nACGT\n", "truncated record"},
        {"header.fq", "@a\nACGT\n+\nIIII\nb\nACGT\n+\nIIII\n", "expected '@'"},
        {"badbase.fq", "@a\nAC#T\n+\nIIII\n", "invalid character '#'"},
        {"badqual.fq", "@a\nACGT\n+\nII I\n", "invalid quality character"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        write_text(dir.file(c.name), c.content);
        const std::string message = error_of(dir.file(c.name));
        CHECK_THAT(message, Catch::Contains(dir.file(c.name)));
        CHECK_THAT(message, Catch::Contains(c.expected));
    }
    // "IIII" is read as a wrapped sequence line; the next header shows that '+' is missing.
    CHECK_THAT(error_of(dir.file("no_plus.fq")), Catch::Contains("record 2 (line 8): expected a '+' line"));
}

TEST_CASE("SequenceReader: line-wrapped FASTQ (Cock et al. 2009)", "[core][io]") {
    TempDir dir;
    // Quality lines that start with '@' and '+' are quality while it is shorter than the sequence.
    write_text(dir.file("wrapped.fq"),
               "@w1 first\nACGTA\nCGT\n+w1 first\n@@@@\n+III\n@w2\nGG\n+\n@\n+\n@w3\n\n+\n\n@w4\nTT\n+w4\nII\n");
    ReadBatch batch = read_all(dir.file("wrapped.fq"));
    REQUIRE(batch.size() == 4);
    CHECK(batch[0].name == "w1 first");
    CHECK(batch[0].seq == "ACGTACGT");
    CHECK(batch[0].qual == "@@@@+III");
    CHECK(batch[1].seq == "GG");
    CHECK(batch[1].qual == "@+");
    CHECK(batch[2].seq.empty());
    CHECK(batch[2].qual.empty());
    CHECK(batch[3].qual == "II");
    CHECK(batch.bases() == 12);
}

TEST_CASE("SequenceReader: a '+' line naming another record is an error", "[core][io]") {
    TempDir dir;
    write_text(dir.file("ids.fq"), "@a x\nAC\n+a y\nII\n@b\nAC\n+c\nII\n");
    CHECK_THAT(error_of(dir.file("ids.fq")), Catch::Contains("record 2 (line 7): the '+' line names 'c', not the header's 'b'"));
}

TEST_CASE("SequenceReader: Phred+64 and Solexa+64 qualities are converted to Phred+33", "[core][io]") {
    using plateau::core::QualityEncoding;
    TempDir dir;
    write_text(dir.file("q64.fq"), "@a\nACGT\n+\n@Jh~\n");
    auto read_with = [&](QualityEncoding encoding) {
        auto reader = SequenceReader::open(dir.file("q64.fq"), 0, encoding);
        ReadBatch batch;
        reader->read(batch, 10, UINT64_MAX);
        return std::string(batch[0].qual);
    };
    CHECK(read_with(QualityEncoding::phred33) == "@Jh~");
    CHECK(read_with(QualityEncoding::phred64) == "!+I_");  // Phred 0, 10, 40, 62
    // Solexa -> Phred: 10*log10(10^(Q/10) + 1) rounded: 0 -> 3, 10 -> 10, 40 -> 40, 62 -> 62.
    CHECK(read_with(QualityEncoding::solexa64) == "$+I_");
    write_text(dir.file("low.fq"), "@a\nAC\n+\n;?\n");
    auto reader = SequenceReader::open(dir.file("low.fq"), 0, QualityEncoding::phred64);
    ReadBatch batch;
    CHECK_THROWS_WITH(reader->read(batch, 10, UINT64_MAX), Catch::Contains("invalid quality character ';' at position 1 (Phred+64"));
    write_text(dir.file("a.sam"), "r\t4\t*\t0\t0\t*\t*\t0\t0\tAC\tII\n");
    CHECK_THROWS_WITH(SequenceReader::open(dir.file("a.sam"), 0, QualityEncoding::solexa64), Catch::Contains("FASTQ input"));
}

TEST_CASE("SequenceReader: empty, missing, junk and truncated gzip files are rejected", "[core][io]") {
    TempDir dir;
    write_text(dir.file("empty.fq"), "");
    CHECK_THAT(error_of(dir.file("empty.fq")), Catch::Contains("empty file"));
    CHECK_THAT(error_of(dir.file("missing.fq")), Catch::Contains("cannot open"));
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919) % 251));
    write_text(dir.file("junk.bin"), junk);
    CHECK_THAT(error_of(dir.file("junk.bin")), Catch::Contains(dir.file("junk.bin")));
    std::string big;
    for (int i = 0; i < 20000; ++i) big += "@read" + std::to_string(i) + "\nACGTACGTTTGACCA\n+\nIIIIIIIIIIIIIII\n";
    const std::string gz = gzip_members(big, 1 << 20);
    write_text(dir.file("cut.fq.gz"), gz.substr(0, gz.size() / 2));
    CHECK_THAT(error_of(dir.file("cut.fq.gz")), Catch::Contains("truncated gzip"));
    std::string corrupt = gz;
    corrupt[corrupt.size() / 2] ^= 0x55;
    write_text(dir.file("corrupt.fq.gz"), corrupt);
    CHECK_FALSE(error_of(dir.file("corrupt.fq.gz")).empty());
}

TEST_CASE("PairedReader: mates out of step or with different names are errors", "[core][io]") {
    TempDir dir;
    write_text(dir.file("r1.fq"), "@p1/1\nAC\n+\nII\n@p2/1\nAC\n+\nII\n");
    write_text(dir.file("r2.fq"), "@p1/2\nGT\n+\nII\n@p2/2\nGT\n+\nII\n");
    write_text(dir.file("short.fq"), "@p1/2\nGT\n+\nII\n");
    write_text(dir.file("renamed.fq"), "@p1/2\nGT\n+\nII\n@px/2\nGT\n+\nII\n");
    auto pairs = [&](const char* second) {
        plateau::core::PairedReader reader(SequenceReader::open(dir.file("r1.fq")), SequenceReader::open(dir.file(second)));
        ReadBatch a, b;
        std::size_t n = 0;
        while (std::size_t got = reader.read(a, b, 1, UINT64_MAX)) n += got;
        return n;
    };
    CHECK(pairs("r2.fq") == 2);
    CHECK_THROWS_WITH(pairs("short.fq"), Catch::Contains("mates out of step") && Catch::Contains("short.fq"));
    CHECK_THROWS_WITH(pairs("renamed.fq"), Catch::Contains("pair 2") && Catch::Contains("'p2' vs 'px'"));
}

TEST_CASE("PairedReader: interleaved input alternates mates", "[core][io]") {
    TempDir dir;
    write_text(dir.file("il.fq"), "@p1/1\nAC\n+\nII\n@p1/2\nGT\n+\nII\n@p2/1\nAA\n+\nII\n");
    plateau::core::PairedReader reader(SequenceReader::open(dir.file("il.fq")));
    ReadBatch a, b;
    CHECK_THROWS_WITH(reader.read(a, b, 10, UINT64_MAX), Catch::Contains("unpaired read"));
}
