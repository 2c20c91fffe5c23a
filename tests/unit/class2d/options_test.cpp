#include "class2d/classify.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace plateau::class2d;

TEST_CASE("Class2dOptions: validate names the option and range", "[class2d][options]") {
    Class2dOptions options;
    options.classes = 4;
    options.particle_diameter_a = 130;
    REQUIRE_NOTHROW(options.validate());
    options.psi_step_deg = 0;
    CHECK_THROWS_WITH(options.validate(), Catch::Contains("--psi_step = 0"));
    options.psi_step_deg = 12;
    options.classes = 0;
    CHECK_THROWS_AS(options.validate(), plateau::Error);
}

TEST_CASE("ParticleSource: validate rejects a zero pixel size and odd boxes", "[class2d][options]") {
    ParticleSource source;
    source.box = 64;
    source.pixel_size_a = 2.5;
    source.count = 10;
    source.read = [](std::size_t, std::size_t, float*) {};
    REQUIRE_NOTHROW(source.validate());
    source.pixel_size_a = 0;
    CHECK_THROWS_WITH(source.validate(), Catch::Contains("pixel size = 0"));
    source.pixel_size_a = 2.5;
    source.box = 63;
    CHECK_THROWS_WITH(source.validate(), Catch::Contains("box size = 63"));
}
