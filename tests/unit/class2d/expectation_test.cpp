// The reported pose of a particle (class2d/expectation.hpp reported_sample).
#include "class2d/expectation.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace plateau::class2d;

namespace {

// A posterior whose single most probable pose (weight 0.30, class 0) lies in the class with the
// smaller summed weight: class 0 holds 0.30 + 0.05 = 0.35, class 2 holds 0.25 + 0.20 + 0.20 = 0.65.
std::vector<Sample> split_posterior() {
    return {{0, 3, 1, 0.30f}, {0, 4, 1, 0.05f}, {2, 10, 7, 0.20f}, {2, 11, 7, 0.25f}, {2, 11, 8, 0.20f}};
}

}  // namespace

TEST_CASE("reported_sample: best_pose takes the single most probable sample", "[class2d][assignment]") {
    const std::vector<Sample> samples = split_posterior();
    const std::size_t i = reported_sample(samples, 3, ClassAssignment::best_pose);
    REQUIRE(i < samples.size());
    CHECK(samples[i].k == 0);
    CHECK(samples[i].psi == 3);
    CHECK(samples[i].t == 1);
}

TEST_CASE("reported_sample: marginal takes the class of largest summed weight, at its best pose", "[class2d][assignment]") {
    const std::vector<Sample> samples = split_posterior();
    const std::size_t i = reported_sample(samples, 3, ClassAssignment::marginal);
    REQUIRE(i < samples.size());
    CHECK(samples[i].k == 2);
    CHECK(samples[i].psi == 11);
    CHECK(samples[i].t == 7);
    // A class without samples (class 1) is never chosen, even when every weight is zero.
    const std::vector<Sample> zero{{2, 0, 0, 0.0f}, {2, 1, 0, 0.0f}};
    CHECK(zero[reported_sample(zero, 3, ClassAssignment::marginal)].k == 2);
}

TEST_CASE("reported_sample: both rules agree when one class holds most of the weight", "[class2d][assignment]") {
    const std::vector<Sample> samples{{1, 0, 0, 0.1f}, {3, 5, 2, 0.6f}, {3, 6, 2, 0.3f}};
    CHECK(reported_sample(samples, 4, ClassAssignment::marginal) == 1);
    CHECK(reported_sample(samples, 4, ClassAssignment::best_pose) == 1);
}
