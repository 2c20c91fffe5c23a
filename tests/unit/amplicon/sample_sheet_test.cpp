// The sample sheet of merge and run: columns, comments, CRLF, relative paths resolved against the
// sheet's folder, and every malformed line rejected with the sheet's name and the line number.
#include "amplicon/sample_sheet.hpp"

#include "core/error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace plateau::amplicon;
using Catch::Matchers::Contains;

TEST_CASE("SampleSheet: names and paths, comments and blank lines skipped, relative paths from the sheet's folder",
          "[amplicon][sheet]") {
    const std::string text =
        "# name\tR1\tR2\n"
        "\n"
        "s1\ta/s1_R1.fq.gz\t/abs/s1_R2.fq.gz\r\n"
        "s-2\ts2_R1.fq\ts2_R2.fq\n";
    const auto samples = parse_sample_sheet(text, "/data/run/sheet.tsv");
    REQUIRE(samples.size() == 2);
    CHECK(samples[0].name == "s1");
    CHECK(samples[0].read1 == "/data/run/a/s1_R1.fq.gz");
    CHECK(samples[0].read2 == "/abs/s1_R2.fq.gz");
    CHECK(samples[1].name == "s-2");
    CHECK(samples[1].read1 == "/data/run/s2_R1.fq");
    // A sheet named without a folder: paths stay relative to the working directory (its folder).
    CHECK(parse_sample_sheet("x\tr1.fq\tr2.fq", "sheet.tsv")[0].read2 == "r2.fq");
}

TEST_CASE("SampleSheet: malformed lines name the sheet and the line", "[amplicon][sheet]") {
    const auto message = [](const std::string& text) {
        try {
            (void)parse_sample_sheet(text, "sheet.tsv");
        } catch (const plateau::Error& e) {
            CHECK(e.code() == plateau::ErrorCode::InvalidInput);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string columns = "expected three tab-separated columns: sample name, R1 path, R2 path";
    CHECK_THAT(message("a\tr1\n"), Contains("sheet.tsv: line 1: " + columns));
    CHECK_THAT(message("# c\na\tr1\tr2\tr3\n"), Contains("sheet.tsv: line 2: " + columns));
    CHECK_THAT(message("\tr1\tr2\n"), Contains("line 1: " + columns));
    CHECK_THAT(message("a\t\tr2\n"), Contains("line 1: " + columns));
    CHECK_THAT(message("a\tr1\t\n"), Contains("line 1: " + columns));
    CHECK_THAT(message("a b\tr1\tr2\n"), Contains("line 1: sample name 'a b' cannot hold blanks, ';' or '='"));
    CHECK_THAT(message("a;x\tr1\tr2\n"), Contains("cannot hold blanks"));
    CHECK_THAT(message("a\tr1\tr2\nb\tr1\tr2\na\tr3\tr4\n"), Contains("sheet.tsv: line 3: duplicate sample name 'a'"));
    CHECK_THAT(message("# only a comment\n\n"), Contains("sheet.tsv: no sample"));
}

TEST_CASE("SampleSheet: a missing sheet is an I/O error naming it", "[amplicon][sheet]") {
    plateau::test::TempDir dir;
    const std::string path = (dir.path() / "absent.tsv").string();
    CHECK_THROWS_WITH(read_sample_sheet(path), Contains(path + ": cannot be read"));
}
