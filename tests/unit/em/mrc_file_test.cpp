// MRC2014 reading and writing, checked against python3-mrcfile writing and reading the same files.
#include "core/em/mrc_file.hpp"
#include "core/error.hpp"
#include "python_helpers.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

using plateau::core::em::MrcStack;
using plateau::test::TempDir;

namespace {

std::vector<float> ramp(int nx, int ny, int nz) {
    std::vector<float> v(std::size_t(nx) * ny * nz);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = float(int(i % 97) - 40) * 0.5f;
    return v;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const plateau::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("MrcStack: stacks written by mrcfile in modes 0, 1, 2, 6 and 12 read back value for value", "[mrc][mrcfile]") {
    TempDir dir;
    // Values that every mode holds exactly: integers in [0, 100) (float16 is exact there too).
    const std::string script = "import mrcfile, numpy as np\n"
                               "for mode, dt in ((0, np.int8), (1, np.int16), (2, np.float32), (6, np.uint16), (12, np.float16)):\n"
                               "    a = (np.arange(3*5*4).reshape(3, 5, 4) * 7 % 100).astype(dt)\n"
                               "    with mrcfile.new('" + dir.file("m") + "%d.mrcs' % mode) as m:\n"
                               "        m.set_data(a); m.voxel_size = 1.75\n";
    int status = 0;
    const std::string out = plateau::test::run_python(script, status);
    INFO(out);
    REQUIRE(status == 0);
    for (int mode : {0, 1, 2, 6, 12}) {
        CAPTURE(mode);
        MrcStack stack(dir.file("m" + std::to_string(mode) + ".mrcs"));
        CHECK(stack.header().mode == mode);
        CHECK(stack.header().nx == 4);
        CHECK(stack.header().ny == 5);
        CHECK(stack.size() == 3);
        CHECK(stack.header().pixel_size() == Approx(1.75));
        CHECK(stack.header().has_map_word);
        std::vector<float> image(20);
        for (std::size_t z = 0; z < 3; ++z) {
            stack.read(z, image.data());
            for (std::size_t i = 0; i < 20; ++i) REQUIRE(image[i] == float((z * 20 + i) * 7 % 100));
        }
    }
}

TEST_CASE("MrcStack: negative int8 values and a big-endian float32 stack with an extended header", "[mrc][mrcfile]") {
    TempDir dir;
    const std::string script =
        "import mrcfile, numpy as np\n"
        "with mrcfile.new('" + dir.file("s.mrcs") + "') as m:\n"
        "    m.set_data(np.array([[[-128, -1], [0, 127]]], dtype=np.int8))\n"
        "with mrcfile.new('" + dir.file("be.mrcs") + "') as m:\n"
        "    m.set_data(np.arange(8, dtype='>f4').reshape(2, 2, 2) - 3.5)\n"
        "    m.set_extended_header(np.zeros(10, dtype=[('x', 'i4')]))\n"
        "    m.voxel_size = 2.5\n";
    int status = 0;
    const std::string out = plateau::test::run_python(script, status);
    INFO(out);
    REQUIRE(status == 0);
    std::vector<float> image(4);
    MrcStack(dir.file("s.mrcs")).read(0, image.data());
    CHECK(image == std::vector<float>{-128, -1, 0, 127});
    MrcStack be(dir.file("be.mrcs"));
    CHECK(be.header().byte_swapped);
    CHECK(be.header().nsymbt == 40);
    CHECK(be.header().pixel_size() == Approx(2.5));
    be.read(1, image.data());
    CHECK(image == std::vector<float>{0.5f, 1.5f, 2.5f, 3.5f});
}

TEST_CASE("write_mrc_stack: mrcfile reads our stack with the header intact and validates it", "[mrc][mrcfile]") {
    TempDir dir;
    const std::vector<float> data = ramp(6, 6, 3);
    plateau::core::em::write_mrc_stack(dir.file("ours.mrcs"), 6, 6, 3, data.data(), {.pixel_size = 2.5, .label = "plateau test"});
    const std::string script =
        "import sys, mrcfile, numpy as np\n"
        "ok = mrcfile.validate('" + dir.file("ours.mrcs") + "', print_file=sys.stdout)\n"
        "with mrcfile.open('" + dir.file("ours.mrcs") + "', permissive=False) as m:\n"
        "    h = m.header; d = m.data\n"
        "    print(ok, m.is_image_stack(), d.dtype, d.shape, h.mode, h.mx, h.my, h.mz, float(m.voxel_size.x),\n"
        "          h.map.tobytes().decode(), list(h.machst), h.nversion, h.nlabl, h.label[0].decode().strip())\n"
        "    print(float(d.min()) == float(h.dmin), float(d.max()) == float(h.dmax), abs(float(d.mean()) - float(h.dmean)) < 1e-5,\n"
        "          abs(float(d.std()) - float(h.rms)) < 1e-5, float(d[2, 1, 3]))\n";
    int status = 0;
    const std::string out = plateau::test::run_python(script, status);
    INFO(out);
    REQUIRE(status == 0);
    CHECK(out == "True True float32 (3, 6, 6) 2 6 6 1 2.5 MAP  [68, 68, 0, 0] 20140 1 plateau test\n"
                 "True True True True 20.5\n");  // data[2][1][3] = (81 - 40) * 0.5
}

TEST_CASE("MrcStack: bad headers, unsupported modes and truncated stacks are one-line errors naming the file", "[mrc]") {
    TempDir dir;
    const std::vector<float> data = ramp(8, 8, 4);
    const std::string good = dir.file("good.mrcs");
    plateau::core::em::write_mrc_stack(good, 8, 8, 4, data.data(), {.pixel_size = 1.0, .label = ""});
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto with_word = [&](int word, std::int32_t v) {
        std::string b = bytes;
        std::memcpy(b.data() + 4 * (word - 1), &v, 4);
        return b;
    };
    plateau::test::write_text(dir.file("complex.mrcs"), with_word(4, 4));
    CHECK(error_of([&] { MrcStack s(dir.file("complex.mrcs")); }) ==
          dir.file("complex.mrcs") + ": unsupported MRC mode 4 (complex float32): images must be mode 0, 1, 2, 6 or 12");
    plateau::test::write_text(dir.file("nx.mrcs"), with_word(1, 0));
    CHECK(error_of([&] { MrcStack s(dir.file("nx.mrcs")); }).find("bad MRC header: NX, NY, NZ = 0, 8, 4") != std::string::npos);
    plateau::test::write_text(dir.file("trunc.mrcs"), bytes.substr(0, 1024 + 3 * 256 + 10));
    CHECK(error_of([&] { MrcStack s(dir.file("trunc.mrcs")); }) ==
          dir.file("trunc.mrcs") + ": truncated MRC stack: the header promises 4 images of 8x8 (mode 2, 2048 bytes), "
                                   "the file holds 1802 bytes (3 whole images)");
    plateau::test::write_text(dir.file("short.mrcs"), bytes.substr(0, 100));
    CHECK(error_of([&] { MrcStack s(dir.file("short.mrcs")); }).find("fewer than the 1024-byte header") != std::string::npos);
    CHECK(error_of([&] { MrcStack s(dir.file("none.mrcs")); }).find("none.mrcs: cannot open") == dir.file("").size());
}
