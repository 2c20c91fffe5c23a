// STAR parsing and writing: a RELION 3.1 particles file written by hand, quoting, comments, errors.
#include "core/em/star_file.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace plateau::core::em;

namespace {

const char* k_particles = R"(
# version 30001

data_optics

loop_
_rlnOpticsGroupName #1
_rlnOpticsGroup #2
_rlnImagePixelSize #3
opticsGroup1 1 2.500000
# a comment line
"group two" 2   1.25   # trailing comment

# version 30001

data_particles

loop_
_rlnImageName #1
_rlnOpticsGroup #2
000001@Stacks/a.mrcs  1
000002@Stacks/a.mrcs  2

data_model_general

_rlnCurrentResolution   7.5
_rlnTau2FudgeFactor 'two words'
)";

std::string error_of(std::string_view text) {
    try {
        (void)parse_star(text, "x.star");
    } catch (const plateau::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("parse_star: blocks, loops, key-value pairs, quotes and comments", "[star]") {
    const StarFile f = parse_star(k_particles, "p.star");
    REQUIRE(f.blocks.size() == 3);
    const StarBlock& optics = *f.find("optics");
    REQUIRE(optics.loop);
    CHECK(optics.loop->columns == std::vector<std::string>{"rlnOpticsGroupName", "rlnOpticsGroup", "rlnImagePixelSize"});
    CHECK(optics.loop->rows() == 2);
    CHECK(optics.loop->at(1, 0) == "group two");
    CHECK(optics.loop->at(1, 2) == "1.25");
    CHECK(optics.loop->lines == std::vector<std::uint32_t>{10, 12});
    const StarBlock& particles = *f.find("particles");
    CHECK(particles.loop->column("rlnImageName") == 0);
    CHECK(particles.loop->column("rlnClassNumber") == -1);
    CHECK(particles.loop->at(1, 0) == "000002@Stacks/a.mrcs");
    CHECK(star_row_location(f, particles, 1) == "p.star line 23");
    CHECK(star_number(f, particles, 1, 1) == 2.0);
    const StarBlock& general = *f.find("model_general");
    CHECK(*general.value("rlnCurrentResolution") == "7.5");
    CHECK(*general.value("rlnTau2FudgeFactor") == "two words");
    CHECK(general.value("rlnMissing") == nullptr);
}

TEST_CASE("format_star: RELION's layout, quoting where needed, and parse(format(x)) == x", "[star]") {
    StarFile f = parse_star(k_particles, "p.star");
    StarLoop& loop = *f.find("particles")->loop;
    const std::size_t c = loop.add_column("rlnClassNumber", "0");
    loop.set(1, c, "3");
    const std::string text = format_star(f);
    CHECK(text.find("\n# version 30001\n\ndata_optics\n\nloop_ \n_rlnOpticsGroupName #1 \n") == 0);
    CHECK(text.find("\"group two\"\t2\t1.25 \n") != std::string::npos);
    CHECK(text.find("000002@Stacks/a.mrcs\t2\t3 \n") != std::string::npos);
    CHECK(text.find("_rlnTau2FudgeFactor                     \"two words\"\n") != std::string::npos);
    const StarFile back = parse_star(text, "q.star");
    REQUIRE(back.blocks.size() == 3);
    for (std::size_t b = 0; b < 3; ++b) {
        CHECK(back.blocks[b].name == f.blocks[b].name);
        CHECK(back.blocks[b].pairs == f.blocks[b].pairs);
        CHECK(back.blocks[b].loop.has_value() == f.blocks[b].loop.has_value());
        if (f.blocks[b].loop) {
            CHECK(back.blocks[b].loop->columns == f.blocks[b].loop->columns);
            CHECK(back.blocks[b].loop->values == f.blocks[b].loop->values);
        }
    }
}

TEST_CASE("parse_star: malformed files are one-line errors naming the file and line", "[star]") {
    CHECK(error_of("data_a\nloop_\n_rlnA #1\n_rlnB #2\n1 2\n3\n") == "x.star line 6: 1 values in a row of data_a, whose loop has 2 columns");
    CHECK(error_of("_rlnA 1\n") == "x.star line 1: '_rlnA' before the first data_ block");
    CHECK(error_of("data_a\n_rlnA\n") == "x.star line 2: _rlnA needs exactly one value, found 0");
    CHECK(error_of("data_a\n_rlnA 'open\n") == "x.star line 2: unterminated quoted value");
    CHECK(error_of("data_a\n;text\n;\n") == "x.star line 2: semicolon text fields are not supported");
    CHECK(error_of("data_a\nloop_\n_rlnA\n1\nloop_\n") == "x.star line 5: a second loop_ in data_a");
    CHECK(error_of("# only a comment\n") == "x.star: no data_ block (not a STAR file?)");
    const StarFile f = parse_star("data_a\nloop_\n_rlnA\nx1\n", "x.star");
    CHECK_THROWS_WITH(star_number(f, f.blocks[0], 0, 0), "x.star line 4: _rlnA 'x1' is not a number");
}
