// The fast mode (class2d/minibatch.hpp): the mini-batch schedule stated by hand, the subsets, the
// subset source, and classify with --fast: deterministic at any thread count, mini-batches where
// the schedule says.
#include "class2d/minibatch.hpp"
#include "synthetic.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <set>

using namespace plateau::class2d;

namespace {

Class2dOptions fast_options(int classes, int iterations) {
    Class2dOptions options;
    options.classes = classes;
    options.iterations = iterations;
    options.particle_diameter_a = 100;
    options.zero_mask = true;
    options.threads = 1;
    options.block_particles = 32;
    options.fast = true;
    options.fast_schedule.per_class_first = 20;
    options.fast_schedule.per_class_last = 40;
    options.fast_schedule.min_batch = 50;
    return options;
}

}  // namespace

TEST_CASE("fast mode: the mini-batch schedule", "[class2d][fast]") {
    Class2dOptions o;
    o.classes = 20;
    o.iterations = 25;  // 23 mini-batch iterations, then 2 full
    o.fast = true;
    // 100 per class while (it - 1) / 22 <= 0.3 (it <= 7), 300 from (it - 1) / 22 >= 0.8 (it >= 19),
    // linear between: it 13 is at 12/22 = 0.5454..., ramp (0.5454 - 0.3) / 0.5 = 0.4909, 198.18 per class.
    for (int it = 1; it <= 7; ++it) CHECK(minibatch_size(100000, o, it) == 2000);
    CHECK(minibatch_size(100000, o, 8) > 2000);
    CHECK(minibatch_size(100000, o, 13) == 3964);  // 20 * 198.18 = 3963.6
    for (int it = 19; it <= 23; ++it) CHECK(minibatch_size(100000, o, it) == 6000);
    CHECK(minibatch_size(100000, o, 24) == 100000);
    CHECK(minibatch_size(100000, o, 25) == 100000);
    CHECK(minibatch_size(3000, o, 20) == 3000);  // never more than the set
    o.classes = 2;
    CHECK(minibatch_size(100000, o, 1) == 1000);  // the smallest mini-batch
    o.fast = false;
    for (int it = 1; it <= 25; ++it) CHECK(minibatch_size(100000, o, it) == 100000);
}

TEST_CASE("fast mode: subsets are sorted, distinct, seeded", "[class2d][fast]") {
    const std::vector<std::size_t> a = minibatch_indices(1000, 100, 7, 3);
    REQUIRE(a.size() == 100u);
    CHECK(std::is_sorted(a.begin(), a.end()));
    CHECK(std::set<std::size_t>(a.begin(), a.end()).size() == 100u);
    CHECK(a.back() < 1000u);
    CHECK(minibatch_indices(1000, 100, 7, 3) == a);
    CHECK(minibatch_indices(1000, 100, 7, 4) != a);
    CHECK(minibatch_indices(1000, 100, 8, 3) != a);
    CHECK(minibatch_indices(10, 20, 7, 3).size() == 10u);
}

TEST_CASE("fast mode: a subset source reads its own particles", "[class2d][fast]") {
    ParticleSource source;
    source.box = 8;
    source.pixel_size_a = 1;
    source.count = 50;
    source.group.resize(50);
    for (int i = 0; i < 50; ++i) source.group[std::size_t(i)] = i % 7;
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    source.read = [&](std::size_t first, std::size_t n, float* out) {
        calls.emplace_back(first, n);
        for (std::size_t i = 0; i < n; ++i) std::fill(out + i * 64, out + (i + 1) * 64, float(first + i));
    };
    const std::vector<std::size_t> indices{3, 4, 5, 9, 20, 21, 49};
    const ParticleSource subset = subset_source(source, indices);
    REQUIRE(subset.count == 7u);
    std::vector<float> images(5 * 64);
    subset.read(1, 5, images.data());  // particles 4, 5, 9, 20, 21: runs (4, 2), (9, 1), (20, 2)
    for (std::size_t u = 0; u < 5; ++u) CHECK(images[u * 64 + 63] == float(indices[u + 1]));
    CHECK(calls == std::vector<std::pair<std::size_t, std::size_t>>{{4, 2}, {9, 1}, {20, 2}});
    CHECK(subset.group == std::vector<int>{3, 4, 5, 2, 6, 0, 0});
}

TEST_CASE("fast mode: same result at 1 and 3 threads, mini-batches then full iterations", "[class2d][fast][threads]") {
    // The set of "classify: an easy set is recovered", where full EM reaches ARI >= 0.95 in 12 iterations.
    const synth::Set set = synth::make_set(240, 3, 0.2, 2.0, 7);
    Class2dOptions options = fast_options(3, 12);
    const Class2dResult one = classify(synth::source_of(set), options);
    options.threads = 3;
    const Class2dResult three = classify(synth::source_of(set), options);
    REQUIRE(one.class_averages.size() == three.class_averages.size());
    CHECK(std::memcmp(one.class_averages.data(), three.class_averages.data(), one.class_averages.size() * sizeof(float)) == 0);
    for (std::size_t i = 0; i < one.particles.size(); ++i) {
        REQUIRE(one.particles[i].class_index == three.particles[i].class_index);
        REQUIRE(one.particles[i].psi_deg == three.particles[i].psi_deg);
    }
    // 10 mini-batch iterations of 60 .. 120 particles (20 .. 40 per class), then 2 of all 240.
    REQUIRE(one.iterations.size() == 12u);
    CHECK(one.iterations[0].particles == 60u);
    CHECK(one.iterations[9].particles == 120u);
    CHECK(one.iterations[10].particles == 240u);
    CHECK(one.iterations[11].particles == 240u);
    // No accuracy check here: with mini-batches this small (60 .. 180 particles of 240) the run ends
    // at ARI 0.53 where full EM reaches >= 0.95 (docs/class2d.md "Fast mode"); the trade-off at the
    // sizes the fast mode is meant for is measured in docs/benchmarks.md.
}
