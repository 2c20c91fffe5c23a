#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using plateau::test::TempDir;

TEST_CASE("append_fastq: four lines, the tag after a space", "[core][io]") {
    std::string out;
    plateau::core::append_fastq(out, "r1", "ACGT", "IIII");
    plateau::core::append_fastq(out, "r2", "", "", "failed=too_short");
    CHECK(out == "@r1\nACGT\n+\nIIII\n@r2 failed=too_short\n\n+\n\n");
}

TEST_CASE("append_fasta: one line, or wrapped at the given width", "[core][io]") {
    std::string out;
    plateau::core::append_fasta(out, "s1", "ACGTACGTAC");
    CHECK(out == ">s1\nACGTACGTAC\n");
    out.clear();
    plateau::core::append_fasta(out, "s2", "ACGTACGTAC", 4, "size=3");
    CHECK(out == ">s2 size=3\nACGT\nACGT\nAC\n");
    out.clear();
    plateau::core::append_fasta(out, "s3", "ACGT", 4);
    CHECK(out == ">s3\nACGT\n");
}

TEST_CASE("GzipCompressor: members concatenate into a stream gzip can read", "[core][io]") {
    TempDir dir;
    plateau::core::GzipCompressor gz(4);
    std::string bytes;
    gz.compress_append("hello ", bytes);
    gz.compress_append("world\n", bytes);
    plateau::test::write_text(dir.file("x.gz"), bytes);
    const std::string command = "gzip -dc " + dir.file("x.gz") + " > " + dir.file("x.txt");
    REQUIRE(std::system(command.c_str()) == 0);
    CHECK(plateau::test::read_text(dir.file("x.txt")) == "hello world\n");
    CHECK(plateau::core::is_gzip_path("a.fq.gz"));
    CHECK_FALSE(plateau::core::is_gzip_path("a.fq"));
}

TEST_CASE("GzipCompressor: compress_in_place and an unsupported level", "[core][io]") {
    TempDir dir;
    plateau::core::GzipCompressor gz(1);
    std::string block = "@r\nACGT\n+\nIIII\n", scratch;
    gz.compress_in_place(block, scratch);
    plateau::test::write_text(dir.file("b.gz"), block);
    const std::string command = "gzip -dc " + dir.file("b.gz") + " > " + dir.file("b.txt");
    REQUIRE(std::system(command.c_str()) == 0);
    CHECK(plateau::test::read_text(dir.file("b.txt")) == "@r\nACGT\n+\nIIII\n");
    CHECK_THROWS_WITH(plateau::core::GzipCompressor(13), Catch::Contains("level 13"));
}
