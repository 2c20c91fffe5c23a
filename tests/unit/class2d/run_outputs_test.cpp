// plateau-class2d's output files from a made-up result (no EM involved): python3-mrcfile reads the
// class averages back value for value, Python reads the particle STAR's columns back as written
// here, and, when Debian's relion is installed, relion_star_handler selects each class with as
// many particles as were assigned to it.
#include "class2d/run/outputs.hpp"
#include "core/em/mrc_file.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace {

std::string shell(const std::string& command, int& status) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    std::string out;
    if (!pipe) return status = -1, out;
    std::array<char, 4096> buffer{};
    std::size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), got);
    status = ::pclose(pipe);
    return out;
}

}  // namespace

TEST_CASE("write_outputs: mrcfile, Python and RELION read the five outputs back", "[outputs]") {
    namespace c2d = plateau::class2d;
    plateau::test::TempDir dir;
    const int box = 8, n = 6, k = 3;
    std::vector<float> stack(std::size_t(n) * box * box, 1.f);
    plateau::core::em::write_mrc_stack(dir.file("p.mrcs"), box, box, n, stack.data(), {.pixel_size = 2.0, .label = ""});
    const auto set = plateau::core::em::ParticleSet::open(dir.file("p.mrcs"));
    c2d::RunOptions options;
    options.input = dir.file("p.mrcs");
    options.classify.classes = k;
    c2d::Class2dResult r;
    r.box = box, r.pixel_size_a = 2.0;
    for (int i = 0; i < k * box * box; ++i) r.class_averages.push_back(float(i % 17) - 8.f);
    for (int i = 0; i < n; ++i) {
        c2d::ParticleAssignment a;
        a.class_index = 1 + (i * i) % k;  // classes 1, 2, 2, 1, 2, 2
        a.psi_deg = 12.5 * i, a.origin_x_a = -1.25 * i, a.origin_y_a = 0.5, a.max_probability = 0.75;
        a.significant_samples = i + 1;
        r.particles.push_back(a);
    }
    r.class_distribution = {2.0 / 6, 4.0 / 6, 0.0};
    const c2d::OutputPaths paths = c2d::output_paths(dir.file("run"));
    c2d::write_outputs(paths, {*set, options, r, 1.0});
    for (const std::string& f : {paths.classes, paths.data, paths.model, paths.json, paths.html})
        CHECK(std::filesystem::file_size(f) > 0);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 6);  // no temporary left

    int status = 0;
    const std::string out = shell(
        "/usr/bin/python3 -c \"\nimport mrcfile, numpy as np\n"
        "d = mrcfile.read('" + paths.classes + "')\n"
        "print(d.shape, bool((d.ravel() == (np.arange(3 * 64) % 17 - 8)).all()))\n"
        "lines = open('" + paths.data + "').read().split('data_particles')[1].split('\\n')\n"
        "cols = [l.split()[0][1:] for l in lines if l.startswith('_')]\n"
        "rows = [l.split() for l in lines if '@' in l]\n"
        "for c in ('rlnClassNumber', 'rlnAnglePsi', 'rlnOriginXAngst', 'rlnNrOfSignificantSamples'):\n"
        "    print(c, ' '.join(r[cols.index(c)] for r in rows))\n\"",
        status);
    INFO(out);
    REQUIRE(status == 0);
    CHECK(out == "(3, 8, 8) True\n"
                 "rlnClassNumber 1 2 2 1 2 2\n"
                 "rlnAnglePsi 0.000000 12.500000 25.000000 37.500000 50.000000 62.500000\n"
                 "rlnOriginXAngst 0.000000 -1.250000 -2.500000 -3.750000 -5.000000 -6.250000\n"
                 "rlnNrOfSignificantSamples 1 2 3 4 5 6\n");
    if (shell("command -v relion_star_handler", status).empty() || status != 0) {
        WARN("relion_star_handler not installed: the RELION check is skipped");
        return;
    }
    for (int cls : {1, 2}) {
        const std::string sel = dir.file("sel" + std::to_string(cls) + ".star");
        shell("cd " + dir.path().string() + " && relion_star_handler --i " + paths.data + " --o " + sel +
                  " --select rlnClassNumber --minval " + std::to_string(cls) + " --maxval " + std::to_string(cls),
              status);
        CHECK(status == 0);
        const std::string count = shell("grep -c '@' " + sel, status);
        CHECK(count == (cls == 1 ? "2\n" : "4\n"));
    }
}
