// Re-seeding of emptied classes (class2d/reseed.hpp): the rule that picks the class, and the split
// of the largest class checked against the synthetic templates (made independently, synthetic.hpp).
#include "synthetic.hpp"

#include "class2d/context.hpp"
#include "class2d/fft_pool.hpp"
#include "class2d/initialise.hpp"
#include "class2d/reseed.hpp"
#include "class2d/resolution.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace plateau::class2d;

namespace {

ModelState priors_only(std::vector<double> prior) {
    ModelState model;
    model.classes = static_cast<int>(prior.size());
    model.class_prior = std::move(prior);
    return model;
}

// Pearson correlation of a reference with a template drawn at psi 0, inside radius 15 px.
double correlation(const std::vector<float>& reference, const std::vector<synth::Blob>& blobs, int box) {
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = 0;
    for (int y = 0; y < box; ++y)
        for (int x = 0; x < box; ++x) {
            if (std::hypot(x - box / 2, y - box / 2) >= 15) continue;
            const double a = reference[static_cast<std::size_t>(y * box + x)];
            const double b = synth::particle_value(blobs, {0, 0, 0, 0}, x, y, box);
            sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b, n += 1;
        }
    return (sab - sa * sb / n) / std::sqrt((saa - sa * sa / n) * (sbb - sb * sb / n));
}

}  // namespace

TEST_CASE("class_to_reseed: the smallest class below fraction/K, never near the end", "[class2d][reseed]") {
    Class2dOptions options;
    options.classes = 4;
    options.iterations = 25;
    options.reseed_fraction = 0.1;  // threshold 0.025
    CHECK(class_to_reseed(priors_only({0.5, 0.3, 0.18, 0.02}), options, 3) == 3);
    CHECK(class_to_reseed(priors_only({0.5, 0.01, 0.47, 0.02}), options, 3) == 1);
    CHECK(class_to_reseed(priors_only({0.3, 0.3, 0.2, 0.2}), options, 3) == -1);
    CHECK(class_to_reseed(priors_only({0.5, 0.3, 0.18, 0.02}), options, 20) == 3);
    CHECK(class_to_reseed(priors_only({0.5, 0.3, 0.18, 0.02}), options, 21) == -1);  // last 5 iterations
    options.reseed_fraction = 0;  // RELION 3.1: off
    CHECK(class_to_reseed(priors_only({0.5, 0.3, 0.2, 0.0}), options, 3) == -1);
}

TEST_CASE("reseed_class: the worse-fitting half of the largest class seeds the empty class", "[class2d][reseed]") {
    const synth::Set set = synth::make_set(120, 2, 2.0, 0.0, 11);
    const ParticleSource source = synth::source_of(set);
    Class2dOptions options;
    options.classes = 3;
    options.iterations = 10;
    options.particle_diameter_a = 100;
    options.zero_mask = true;
    options.threads = 2;
    options.block_particles = 32;
    const FftPool ffts(source.box);
    const PoseGrid poses = make_pose_grid(options);
    ModelState model;
    initialise_model(source, options, ffts, poses, model, {});
    model.class_prior = {0.95, 0.04, 0.01};
    REQUIRE(class_to_reseed(model, options, 2) == 2);
    // Everybody in class 0 at the true pose (RELION: psi = -psi_true); template 1's particles fit worse.
    std::vector<ParticleState> particles(set.truth.size());
    for (std::size_t i = 0; i < particles.size(); ++i) {
        particles[i].class_index = 0;
        double best = 1e9;
        for (std::size_t j = 0; j < poses.fine_psi_deg.size(); ++j) {
            const double d = std::abs(std::remainder(poses.fine_psi_deg[j] + set.truth[i].psi_deg, 360.0));
            if (d < best) best = d, particles[i].psi_index = static_cast<int>(j);
        }
        particles[i].fit = set.truth[i].cls == 1 ? 0.1 : 0.9;
    }
    const std::size_t moved = reseed_class(source, options, ffts, poses, false, 2, 2, model, particles);
    CHECK(moved == 60);
    for (std::size_t i = 0; i < particles.size(); ++i) REQUIRE(particles[i].class_index == (set.truth[i].cls == 1 ? 2 : 0));
    CHECK(model.class_prior[0] == Approx(0.48));
    CHECK(model.class_prior[2] == Approx(0.48));
    const double a0 = correlation(model.references[0], set.templates[0], set.box);
    const double b0 = correlation(model.references[0], set.templates[1], set.box);
    const double a2 = correlation(model.references[2], set.templates[0], set.box);
    const double b2 = correlation(model.references[2], set.templates[1], set.box);
    CAPTURE(a0, b0, a2, b2);
    CHECK(a0 > 0.8);
    CHECK(b2 > 0.8);
    CHECK(a0 > b0 + 0.2);
    CHECK(b2 > a2 + 0.2);
}

TEST_CASE("reseed_class: the same references at 1 and 3 threads", "[class2d][reseed][threads]") {
    const synth::Set set = synth::make_set(90, 2, 0.5, 1.0, 5);
    const ParticleSource source = synth::source_of(set);
    std::vector<std::vector<float>> references[2];
    for (int run = 0; run < 2; ++run) {
        Class2dOptions options;
        options.classes = 3;
        options.iterations = 10;
        options.particle_diameter_a = 100;
        options.threads = run == 0 ? 1 : 3;  // noise-filled mask: seeded per particle
        options.block_particles = 16;
        const FftPool ffts(source.box);
        const PoseGrid poses = make_pose_grid(options);
        ModelState model;
        initialise_model(source, options, ffts, poses, model, {});
        model.class_prior = {0.9, 0.09, 0.01};
        std::vector<ParticleState> particles(set.truth.size());
        for (std::size_t i = 0; i < particles.size(); ++i) {
            particles[i].class_index = i % 7 == 0 ? 1 : 0;
            particles[i].psi_index = static_cast<int>(i * 13 % poses.fine_psi_deg.size());
            particles[i].fit = static_cast<double>(i % 5);  // ties broken by particle index
        }
        CHECK(reseed_class(source, options, ffts, poses, false, 2, 2, model, particles) == 38);
        references[run] = model.references;
    }
    CHECK(references[0] == references[1]);
}

namespace {

// A model of four references: template 0, template 0 turned by psi and shifted (its duplicate),
// templates 1 and 2; sizes and noise from an initialisation on a synthetic set.
ModelState duplicate_model(const synth::Set& set, const Class2dOptions& options, const FftPool& ffts,
                           const PoseGrid& poses, synth::Particle twin_pose) {
    ModelState model;
    initialise_model(synth::source_of(set), options, ffts, poses, model, {});
    const std::vector<std::vector<synth::Blob>> templates = synth::default_templates();
    const synth::Particle plain{0, 0, 0, 0};
    const std::vector<std::pair<int, synth::Particle>> drawn = {{0, plain}, {0, twin_pose}, {1, plain}, {2, plain}};
    for (std::size_t k = 0; k < drawn.size(); ++k)
        for (int y = 0; y < set.box; ++y)
            for (int x = 0; x < set.box; ++x)
                model.references[k][static_cast<std::size_t>(y * set.box + x)] = static_cast<float>(
                    synth::particle_value(templates[static_cast<std::size_t>(drawn[k].first)], drawn[k].second, x, y, set.box));
    set_resolution_shell(model, 10, options);  // 40-px box: current size 40, coarse size below it
    return model;
}

Class2dOptions duplicate_options() {
    Class2dOptions options;
    options.classes = 4;
    options.iterations = 25;
    options.particle_diameter_a = 100;
    options.zero_mask = true;
    return options;
}

}  // namespace

TEST_CASE("aligned_correlation: a turned and shifted copy against distinct templates", "[class2d][reseed]") {
    const synth::Set set = synth::make_set(40, 3, 1.0, 0.0, 3);
    Class2dOptions options = duplicate_options();
    const FftPool ffts(set.box);
    const PoseGrid poses = make_pose_grid(options);
    for (const synth::Particle twin : {synth::Particle{0, 48, 2, 0}, synth::Particle{0, 41, 1.3, -0.8}}) {
        ModelState model = duplicate_model(set, options, ffts, poses, twin);
        const IterationContext ctx = make_context(model, poses, options, ffts, false, 3);
        const double twin_cc = aligned_correlation(ctx, 0, 1), back_cc = aligned_correlation(ctx, 1, 0);
        CAPTURE(twin.psi_deg, twin.dx, twin.dy, ctx.model->coarse_size, twin_cc, back_cc);
        CHECK(twin_cc > 0.95);
        CHECK(std::abs(twin_cc - back_cc) < 0.05);  // the translation grid fits one direction better
        for (const auto& [k, l] : std::vector<std::pair<int, int>>{{0, 2}, {0, 3}, {2, 3}, {1, 2}}) {
            const double cc = aligned_correlation(ctx, k, l);
            CAPTURE(k, l, cc);
            CHECK(cc < 0.85);
        }
    }
}

TEST_CASE("duplicate_to_reseed: the smaller twin, only beside a crowded class and before the end", "[class2d][reseed]") {
    const synth::Set set = synth::make_set(40, 3, 1.0, 0.0, 3);
    Class2dOptions options = duplicate_options();
    const FftPool ffts(set.box);
    const PoseGrid poses = make_pose_grid(options);
    ModelState model = duplicate_model(set, options, ffts, poses, {0, 60, 1, 1});
    model.class_prior = {0.2, 0.1, 0.45, 0.25};
    const IterationContext ctx = make_context(model, poses, options, ffts, false, 3);
    const DuplicatePair pair = duplicate_to_reseed(ctx, options, 3);
    CHECK(pair.smaller == 1);
    CHECK(pair.larger == 0);
    CHECK(pair.cc > 0.95);
    CHECK(duplicate_to_reseed(ctx, options, 21).smaller == -1);  // last 5 iterations
    model.class_prior = {0.1, 0.2, 0.45, 0.25};
    CHECK(duplicate_to_reseed(ctx, options, 3).smaller == 0);
    model.class_prior = {0.25, 0.25, 0.25, 0.25};  // nobody crowded: two views may look alike
    CHECK(duplicate_to_reseed(ctx, options, 3).smaller == -1);
    model.class_prior = {0.2, 0.1, 0.45, 0.25};
    options.duplicate_cc = 0;
    CHECK(duplicate_to_reseed(ctx, options, 3).smaller == -1);
}
