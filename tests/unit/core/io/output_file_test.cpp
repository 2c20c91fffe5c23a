#include "../test_support.hpp"
#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using plateau::test::TempDir;

TEST_CASE("OutputFile: nothing appears under the final name until commit", "[core][io]") {
    TempDir dir;
    const std::string path = dir.file("out.txt");
    {
        plateau::core::OutputFile out(path);
        out.write("partial");
        CHECK_FALSE(std::filesystem::exists(path));
    }  // destroyed without commit: an aborted run
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(std::filesystem::is_empty(dir.path()));  // the temporary file is gone too
    {
        plateau::core::OutputFile out(path);
        out.write("complete\n");
        out.commit();
    }
    CHECK(plateau::test::read_text(path) == "complete\n");
}

TEST_CASE("OutputFile: an unwritable destination is an error naming it", "[core][io]") {
    CHECK_THROWS_WITH(plateau::core::OutputFile("/nonexistent-dir/x.fq"), Catch::Contains("/nonexistent-dir/x.fq"));
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
