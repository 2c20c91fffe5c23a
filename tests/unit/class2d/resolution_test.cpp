// Resolution and image-size control against RELION 3.1's rules (ml_optimiser.cpp
// updateCurrentResolution / updateImageSizeAndResolutionPointers), stated by hand here.
#include "class2d/model.hpp"
#include "class2d/resolution.hpp"
#include "synthetic.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace plateau::class2d;

namespace {

// An SSNR curve for a 64-px box (shells 0..32) that is >= 1 up to `last_good` and < 1 after it.
std::vector<double> ssnr_up_to(int last_good) {
    std::vector<double> ssnr(33, 0.2);
    for (int r = 0; r <= last_good && r < 33; ++r) ssnr[static_cast<std::size_t>(r)] = 5.0;
    return ssnr;
}

ModelState model_64(int classes) {
    ModelState m;
    m.box = 64;
    m.pixel_size_a = 2.5;
    m.classes = classes;
    m.class_prior.assign(static_cast<std::size_t>(classes), 1.0 / classes);
    return m;
}

}  // namespace

TEST_CASE("ssnr_shell: the first shell below 1 minus one, at most box/2 - 1", "[class2d][resolution]") {
    CHECK(ssnr_shell({9, 5, 3, 1.2, 0.9, 2, 2, 2, 2}) == 3);  // shell 4 is the first below 1
    CHECK(ssnr_shell({9, 0.5, 3, 3, 3}) == 0);
    CHECK(ssnr_shell(std::vector<double>(9, 4.0)) == 7);  // box 16: never below 1 -> 16/2 - 1
    CHECK(ssnr_shell(ssnr_up_to(14)) == 14);
}

TEST_CASE("update_sizes: this iteration's best class, never below minres_map, may shrink", "[class2d][resolution]") {
    Class2dOptions options;  // incr_size 10, minres_map 5
    ModelState m = model_64(3);
    m.class_prior = {0.5, 0.5, 0.0};  // an empty class does not set the resolution
    update_sizes(m, {ssnr_up_to(9), ssnr_up_to(12), ssnr_up_to(20)}, options);
    CHECK(m.best_shell == 12);
    CHECK(m.current_size == 2 * (12 + 10));
    CHECK(m.current_resolution_a == Approx(160.0 / 12));
    REQUIRE(m.class_resolution_a.size() == 3u);
    CHECK(m.class_resolution_a[0] == Approx(160.0 / 9));
    // RELION 3.1.3 on the SNR 0.05 acceptance set: 14.5 A after iteration 1, then 32 A (shell 5,
    // the minres_map floor) after iteration 2, so iteration 3 ran at 30 px after 42.
    update_sizes(m, {ssnr_up_to(2), ssnr_up_to(3), ssnr_up_to(20)}, options);
    CHECK(m.best_shell == 5);
    CHECK(m.current_size == 30);
    CHECK(m.current_resolution_a == Approx(32.0));
    update_sizes(m, {ssnr_up_to(31), ssnr_up_to(31), ssnr_up_to(31)}, options);
    CHECK(m.current_size == 64);  // never above the box
}

TEST_CASE("classify: the first iteration runs at 2 (round(0.07 box) + incr_size) pixels", "[class2d][resolution]") {
    // RELION 3.1 reconstructs the random-subset references to shell round(0.07 box): 4 for 64 px,
    // so its first iteration ran at 28 px on the acceptance sets (run_it001_model.star).
    const synth::Set set = synth::make_set(24, 2, 0.2, 1.0, 3, 64);
    Class2dOptions options;
    options.classes = 2;
    options.iterations = 1;
    options.particle_diameter_a = 150;
    options.zero_mask = true;
    std::vector<int> sizes;
    classify(synth::source_of(set), options, [&](const IterationRecord& r) { sizes.push_back(r.image_size); });
    REQUIRE(sizes.size() == 1u);
    CHECK(sizes[0] == 28);
}
