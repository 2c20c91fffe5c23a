// Particle sets: NNNNNN@stack references over several stacks, images read by index, the optics,
// CTF and group columns, and the errors of acceptance 3 (missing images or columns, box sizes,
// pixel size zero, RELION 3.0 files).
#include "core/em/particle_set.hpp"
#include "core/error.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace plateau::core::em;
using plateau::test::TempDir;

namespace {

// Stack `name` of `count` images of box*box where image i is filled with value base + i.
void make_stack(const std::string& path, int box, int count, float base, double pixel = 2.0) {
    std::vector<float> data(std::size_t(box) * box * count);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = base + float(i / (std::size_t(box) * box));
    write_mrc_stack(path, box, box, std::size_t(count), data.data(), {.pixel_size = pixel, .label = ""});
}

std::string star(const std::string& optics_extra, const std::string& rows, const std::string& columns = "") {
    return "data_optics\nloop_\n_rlnOpticsGroup\n_rlnImagePixelSize\n_rlnVoltage\n_rlnSphericalAberration\n"
           "_rlnAmplitudeContrast\n" + optics_extra + "\ndata_particles\nloop_\n_rlnImageName\n_rlnMicrographName\n" +
           columns + rows;
}

std::string error_of(const std::string& path) {
    try {
        (void)ParticleSet::open(path);
    } catch (const plateau::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("ParticleSet: images from two stacks in STAR order, CTF and groups from the columns", "[particles]") {
    TempDir dir;
    make_stack(dir.file("a.mrcs"), 4, 3, 10);
    make_stack(dir.file("b.mrcs"), 4, 2, 20);
    const std::string path = dir.file("p.star");
    plateau::test::write_text(path, star("1 2.0 300 2.7 0.1\n",
                                         "000003@" + dir.file("a.mrcs") + " m1 12000 11000 30\n"
                                         "000001@b.mrcs m2 15000 15000 0\n"   // found beside the STAR file
                                         "000001@" + dir.file("a.mrcs") + " m1 9000 8000 45\n",
                                         "_rlnDefocusU\n_rlnDefocusV\n_rlnDefocusAngle\n"));
    const auto set = ParticleSet::open(path);
    REQUIRE(set->size() == 3);
    CHECK(set->box() == 4);
    CHECK(set->pixel_size_a() == 2.0);
    CHECK(set->stack_count() == 2);
    std::vector<float> images(3 * 16);
    set->read(0, 3, images.data());
    CHECK(images[0] == 12);
    CHECK(images[16] == 20);
    CHECK(images[47] == 10);
    REQUIRE(set->has_ctf());
    const auto ctf = set->ctf();
    CHECK(ctf[2].defocus_u_a == 9000);
    CHECK(ctf[2].defocus_angle_deg == 45);
    CHECK(ctf[1].voltage_kv == 300);
    CHECK(ctf[1].amplitude_contrast == 0.1);
    CHECK(set->groups() == std::vector<int>{0, 1, 0});
}

TEST_CASE("ParticleSet: a bare stack gets a made-up optics group and NNNNNN@ names", "[particles]") {
    TempDir dir;
    make_stack(dir.file("s.mrcs"), 6, 2, 0, 1.5);
    const auto set = ParticleSet::open(dir.file("s.mrcs"));
    CHECK(set->size() == 2);
    CHECK(set->pixel_size_a() == 1.5);
    CHECK_FALSE(set->has_ctf());
    CHECK(set->star().find("particles")->loop->at(1, 0) == "000002@" + dir.file("s.mrcs"));
    CHECK(set->star().find("optics")->loop->at(0, 2) == "1.500000");
}

TEST_CASE("ParticleSet: bad particle sets are one-line errors naming the file and line", "[particles]") {
    TempDir dir;
    const std::string a = dir.file("a.mrcs");
    make_stack(a, 4, 3, 0);
    make_stack(dir.file("big.mrcs"), 6, 1, 0);
    make_stack(dir.file("zero.mrcs"), 4, 1, 0, 0.0);
    const std::string p = dir.file("p.star");
    plateau::test::write_text(p, star("1 2.0 300 2.7 0.1\n", "000001@" + a + " m\n000004@" + a + " m\n"));
    CHECK(error_of(p) == p + " line 13: image 000004@" + a + " does not exist: " + a + " holds 3 images");
    plateau::test::write_text(p, star("1 2.0 300 2.7 0.1\n", "000001@" + a + " m\n000001@nothere.mrcs m\n"));
    CHECK(error_of(p).find(p + " line 13: image stack 'nothere.mrcs' not found") == 0);
    plateau::test::write_text(p, star("1 2.0 300 2.7 0.1\n", "000001@" + a + " m\n000001@" + dir.file("big.mrcs") + " m\n"));
    CHECK(error_of(p) == p + " line 13: " + dir.file("big.mrcs") + ": images are 6x6 pixels, but " + a +
                             " holds 4x4: all particles need the same box size");
    plateau::test::write_text(p, star("1 0 300 2.7 0.1\n", "000001@" + a + " m\n"));
    CHECK(error_of(p) == p + " line 7: _rlnImagePixelSize 0: the pixel size must be positive");
    plateau::test::write_text(p, "data_optics\nloop_\n_rlnOpticsGroup\n1\ndata_particles\nloop_\n_rlnMicrographName\nm\n");
    CHECK(error_of(p) == p + ": data_particles has no _rlnImageName column");
    plateau::test::write_text(p, "data_\nloop_\n_rlnImageName\n_rlnDetectorPixelSize\n000001@" + a + " 5\n");
    CHECK(error_of(p).find(p + ": no data_optics block: a RELION 3.0 (or older) STAR file; convert it") == 0);
    plateau::test::write_text(p, star("1 2.0 300 2.7 0.1\n", "1@" + a + " m\n"));
    CHECK_THROWS_WITH(ParticleSet::open(p)->ctf(), p + ": data_particles has no _rlnDefocusU column (needed for --ctf)");
    CHECK(error_of(dir.file("zero.mrcs")).find(dir.file("zero.mrcs") + ": pixel size 0") == 0);
    plateau::test::write_text(p, star("1 2.0 300 2.7 0.1\n", "x@" + a + " m\n"));
    CHECK(error_of(p) == p + " line 13: _rlnImageName 'x@" + a + "' is not NNNNNN@stack (a 1-based image number)");
}
