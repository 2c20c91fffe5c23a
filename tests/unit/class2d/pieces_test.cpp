#include "class2d/ctf.hpp"
#include "class2d/fourier.hpp"
#include "class2d/pose_grid.hpp"
#include "class2d/projector.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>

using namespace plateau::class2d;

TEST_CASE("PoseGrid: RELION's benchmark sampling gives 36/72 psi and 21/84 translations", "[class2d][poses]") {
    Class2dOptions options;
    options.psi_step_deg = 10;
    options.offset_range_px = 5;
    options.offset_step_px = 2;
    const PoseGrid grid = make_pose_grid(options);
    CHECK(grid.coarse_psi() == 36);
    CHECK(grid.fine_psi() == 72);
    CHECK(grid.coarse_translations() == 21);  // em2d-peers.md §6: 21 points for 5/2
    CHECK(grid.fine_translations() == 84);
    CHECK(grid.fine_psi_deg[1] - grid.fine_psi_deg[0] == Approx(5.0));
    CHECK(grid.fine_tx[1] - grid.fine_tx[0] == Approx(1.0));
}

TEST_CASE("CTF: value at the origin is +Q0 and the first zero falls where gamma = -pi", "[class2d][ctf]") {
    CtfParams ctf;
    ctf.defocus_u_a = ctf.defocus_v_a = 20000;
    ctf.amplitude_contrast = 0.1;
    CHECK(ctf_value(ctf, 0, 0, false) == Approx(0.1));
    // Hand-derived: lambda(300 kV) = 0.019687 Å; ignoring Cs (s small), the first zero is where
    // pi lambda dF s^2 + atan(Q0/sqrt(1-Q0^2)) = pi  ->  s^2 = (pi - 0.100167) / (pi * 0.019687 * 20000).
    const double lambda = 12.2643247 / std::sqrt(300e3 * (1 + 300e3 * 0.978466e-6));
    CHECK(lambda == Approx(0.019687).epsilon(1e-4));
    const double s_zero = std::sqrt((M_PI - std::atan(0.1 / std::sqrt(0.99))) / (M_PI * lambda * 20000));
    const double cs_shift = 0.5 * M_PI * 2.7e7 * lambda * lambda * lambda * std::pow(s_zero, 4);  // small
    CHECK(cs_shift < 0.01);
    CHECK(std::abs(ctf_value(ctf, s_zero, 0, false)) < 0.02);
    CHECK(ctf_value(ctf, s_zero * 0.5, 0, false) > 0.3);  // protein white: positive before the first zero
    CHECK(ctf_value(ctf, s_zero * 0.5, 0, true) == 1.0);   // --ctf_intact_first_peak
}

TEST_CASE("PixelSet: shells ordered, smaller sizes are prefixes, DC and redundant half excluded", "[class2d][fourier]") {
    const PixelSet set = make_pixel_set(32, 24);
    for (std::size_t j = 0; j < set.count(); ++j) {
        REQUIRE(set.shell[j] >= 1);
        REQUIRE(set.shell[j] < 12);
        REQUIRE(!(set.kx[j] == 0 && set.ky[j] < 0));
        if (j) REQUIRE(set.shell[j] >= set.shell[j - 1]);
    }
    const PixelSet smaller = make_pixel_set(32, 12);
    CHECK(set.prefix(12) == smaller.count());
    // brute force: half-plane pixels with 1 <= round(|f|) < 12, counting (0, ky) once
    std::size_t expected = 0;
    for (int ky = -16; ky < 16; ++ky)
        for (int kx = 0; kx <= 16; ++kx) {
            const long r = std::lround(std::hypot(kx, ky));
            if (r >= 1 && r < 12 && !(kx == 0 && ky < 0)) ++expected;
        }
    CHECK(set.count() == expected);
}

namespace {

std::vector<float> blob_image(int box) {
    std::vector<float> image(static_cast<std::size_t>(box) * box);
    for (int y = 0; y < box; ++y)
        for (int x = 0; x < box; ++x) {
            const double u = x - box / 2 - 3.0, v = y - box / 2 + 1.0, w = x - box / 2 + 2.0, z = y - box / 2 - 4.0;
            image[static_cast<std::size_t>(y) * box + x] =
                static_cast<float>(std::exp(-(u * u + v * v) / 6.0) + 0.6 * std::exp(-(w * w + z * z) / 3.0));
        }
    return image;
}

// Relative difference between a projection and the transform of an image at the set's pixels.
double projection_error(const Projector& projector, double psi, const Fft2d& fft, const std::vector<float>& image,
                        const PixelSet& set) {
    std::vector<float> scratch(image.size()), projected(2 * set.count());
    std::vector<cfloat> transform(static_cast<std::size_t>(fft.size()) * fft.half());
    image_transform(fft, image.data(), scratch.data(), transform.data());
    projector.project(psi, set, set.count(), projected.data());
    double diff = 0, norm = 0;
    for (std::size_t j = 0; j < set.count(); ++j) {
        const cfloat want = transform[static_cast<std::size_t>(set.grid_index[j])];
        diff += std::norm(want - cfloat(projected[2 * j], projected[2 * j + 1]));
        norm += std::norm(want);
    }
    return std::sqrt(diff / norm);
}

}  // namespace

TEST_CASE("Projector: psi = 90 predicts the reference rotated by -90 degrees (RELION convention)", "[class2d][convention]") {
    const int box = 64;
    const Fft2d fft(box), padded(2 * box);
    const std::vector<float> reference = blob_image(box);
    Projector projector(box);
    projector.set_reference(reference.data(), padded);
    const PixelSet set = make_pixel_set(box, box / 2);
    // Predicted particle for psi: rot_{-psi}(A), i.e. P(x) = A(R_psi x) about the centre; for
    // psi = 90 by a pixel permutation: P[y][x] = A[row x][col box - y].
    std::vector<float> minus90(reference.size()), plus90(reference.size());
    for (int y = 0; y < box; ++y)
        for (int x = 0; x < box; ++x) {
            minus90[static_cast<std::size_t>(y) * box + x] = reference[static_cast<std::size_t>(x) * box + (box - y) % box];
            plus90[static_cast<std::size_t>(y) * box + x] = reference[static_cast<std::size_t>((box - x) % box) * box + y];
        }
    CHECK(projection_error(projector, 0, fft, reference, set) < 0.03);  // sinc^2 pre-correction only
    CHECK(projection_error(projector, 90, fft, minus90, set) < 0.03);
    CHECK(projection_error(projector, 90, fft, plus90, set) > 0.5);
}
