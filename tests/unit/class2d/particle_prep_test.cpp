// Particle preparation (class2d/particle_prep.cpp): where the translation search is centred.
#include "synthetic.hpp"

#include "class2d/context.hpp"
#include "class2d/expectation.hpp"
#include "class2d/fft_pool.hpp"
#include "class2d/fourier.hpp"
#include "class2d/initialise.hpp"

#include <catch2/catch.hpp>

#include <complex>

using namespace plateau::class2d;

TEST_CASE("search_centre and prepare_particle: the box centre unless --offset_memory; the shift is a phase ramp", "[class2d][offsets]") {
    const synth::Set set = synth::make_set(8, 2, 1.0, 0.0, 7);
    const ParticleSource source = synth::source_of(set);
    Class2dOptions options;
    options.classes = 2;
    options.iterations = 5;
    options.particle_diameter_a = 100;
    options.zero_mask = true;
    const FftPool ffts(source.box);
    const PoseGrid poses = make_pose_grid(options);
    ModelState model;
    initialise_model(source, options, ffts, poses, model, {});
    const float* image = set.images.data();
    ParticleState previous;
    previous.offset_x_a = 2.2 * source.pixel_size_a;  // rounds to (2, -1) pixels
    previous.offset_y_a = -0.8 * source.pixel_size_a;
    // The centre: the box centre unless --offset_memory, then the rounded previous offset.
    const PixelShift box_centre = search_centre(options, previous, source.pixel_size_a);
    CHECK(box_centre.x == 0);
    CHECK(box_centre.y == 0);
    options.offset_memory = true;
    const PixelShift remembered_centre = search_centre(options, previous, source.pixel_size_a);
    CHECK(remembered_centre.x == 2);
    CHECK(remembered_centre.y == -1);
    EStepScratch scratch;
    PreparedParticle remembered, unshifted;
    const IterationContext ctx = make_context(model, poses, options, ffts, false, 1);
    prepare_particle(ctx, ffts, image, 0, PixelShift{}, 0, nullptr, scratch, unshifted);
    prepare_particle(ctx, ffts, image, 0, remembered_centre, 0, nullptr, scratch, remembered);
    CHECK(unshifted.rounded_x_px == 0);
    CHECK(unshifted.rounded_y_px == 0);
    CHECK(remembered.rounded_x_px == 2);
    CHECK(remembered.rounded_y_px == -1);
    // A whole-pixel circular shift is a phase ramp on the transform: one of the two directions matches.
    const std::size_t n = ctx.pixels.count();
    double best = 1e30;
    for (const double sign : {1.0, -1.0}) {
        std::vector<float> ramp(2 * n);
        phase_ramp(ctx.pixels, sign * 2, sign * -1, ramp.data());
        double err = 0, norm = 0;
        for (std::size_t j = 0; j < n; ++j) {
            const std::complex<double> x(unshifted.xu[2 * j], unshifted.xu[2 * j + 1]), r(ramp[2 * j], ramp[2 * j + 1]);
            const std::complex<double> y(remembered.xu[2 * j], remembered.xu[2 * j + 1]);
            err += std::norm(y - x * r);
            norm += std::norm(x);
        }
        best = std::min(best, err / norm);
    }
    CHECK(best < 1e-8);
}
