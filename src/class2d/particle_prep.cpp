// Per-particle preparation (em2d-peers.md §4): shift by the rounded prior offset in real space,
// keep the unmasked transform for the reconstruction, mask a copy (zero or noise fill) for the
// likelihood, window both to the current size, evaluate the CTF.
#include "class2d/ctf.hpp"
#include "class2d/expectation.hpp"
#include "class2d/mask.hpp"

#include <cmath>
#include <random>

namespace plateau::class2d {
namespace {

// out = image translated by (dx, dy) whole pixels, wrapping: content moves by +d.
void roll(const float* image, int box, int dx, int dy, float* out) {
    for (int y = 0; y < box; ++y) {
        const int sy = ((y - dy) % box + box) % box;
        for (int x = 0; x < box; ++x) {
            const int sx = ((x - dx) % box + box) % box;
            out[y * box + x] = image[sy * box + sx];
        }
    }
}

// Coloured Gaussian noise with variance sigma2(r) per Fourier component (RELION's noise fill).
void coloured_noise(const FftPool& ffts, const std::vector<int>& shells, const std::vector<double>& sigma2,
                    std::uint64_t seed, EStepScratch& scratch) {
    const int box = ffts.image.size(), half = ffts.image.half();
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    scratch.transform.resize(static_cast<std::size_t>(box) * half);
    for (std::size_t i = 0; i < scratch.transform.size(); ++i) {
        const int r = std::abs(shells[i]);
        const double sd = r > 0 && r <= box / 2 ? std::sqrt(sigma2[static_cast<std::size_t>(r)]) : 0.0;
        const double re = gauss(rng), im = gauss(rng);
        scratch.transform[i] = cfloat(static_cast<float>(sd * re), static_cast<float>(sd * im));
    }
    scratch.noise.resize(static_cast<std::size_t>(box) * box);
    ffts.image.inverse(scratch.transform.data(), scratch.noise.data());
    (void)half;
}

void extract(const std::vector<cfloat>& transform, const PixelSet& pixels, std::vector<float>& out) {
    out.resize(2 * pixels.count());
    for (std::size_t j = 0; j < pixels.count(); ++j) {
        const cfloat v = transform[static_cast<std::size_t>(pixels.grid_index[j])];
        out[2 * j] = v.real();
        out[2 * j + 1] = v.imag();
    }
}

void shell_power(const std::vector<cfloat>& transform, const std::vector<int>& shells, int box,
                 std::vector<double>& power) {
    power.assign(static_cast<std::size_t>(box / 2 + 1), 0.0);
    for (std::size_t i = 0; i < shells.size(); ++i)
        if (shells[i] >= 0 && shells[i] <= box / 2) power[static_cast<std::size_t>(shells[i])] += std::norm(transform[i]);
}

}  // namespace

PixelShift rounded_offset(const ParticleState& state, double pixel_size_a) {
    return {static_cast<int>(std::lround(state.offset_x_a / pixel_size_a)),
            static_cast<int>(std::lround(state.offset_y_a / pixel_size_a))};
}

PixelShift search_centre(const Class2dOptions& options, const ParticleState& state, double pixel_size_a) {
    return options.offset_memory ? rounded_offset(state, pixel_size_a) : PixelShift{};
}

void prepare_particle(const IterationContext& ctx, const FftPool& ffts, const float* image, std::size_t index,
                      PixelShift centre, int group, const CtfParams* ctf, EStepScratch& scratch,
                      PreparedParticle& out) {
    const ModelState& model = *ctx.model;
    const int box = model.box;
    const std::size_t n2 = static_cast<std::size_t>(box) * box;
    scratch.rolled.resize(n2);
    scratch.fft_real.resize(n2);
    scratch.transform.resize(static_cast<std::size_t>(box) * ffts.image.half());
    out.group = group;
    out.rounded_x_px = centre.x;
    out.rounded_y_px = centre.y;
    roll(image, box, centre.x, centre.y, scratch.rolled.data());
    image_transform(ffts.image, scratch.rolled.data(), scratch.fft_real.data(), scratch.transform.data());
    extract(scratch.transform, ctx.pixels, out.xu);
    const Class2dOptions& options = *ctx.options;
    if (options.zero_mask) {
        apply_zero_mask(scratch.rolled.data(), ctx.mask);
    } else {
        coloured_noise(ffts, ctx.shells, model.sigma2[static_cast<std::size_t>(group)],
                       mix_seed(options.seed, index, static_cast<std::uint64_t>(ctx.iteration)), scratch);
        apply_noise_mask(scratch.rolled.data(), scratch.noise.data(), ctx.mask);
    }
    scratch.transform.resize(static_cast<std::size_t>(box) * ffts.image.half());
    image_transform(ffts.image, scratch.rolled.data(), scratch.fft_real.data(), scratch.transform.data());
    extract(scratch.transform, ctx.pixels, out.xm);
    shell_power(scratch.transform, ctx.shells, box, out.power);
    out.ctf.assign(ctx.pixels.count(), 1.0f);
    if (ctx.use_ctf && ctf)
        ctf_on_pixels(*ctf, ctx.pixels, model.pixel_size_a, options.ctf_intact_first_peak, out.ctf.data());
}

}  // namespace plateau::class2d
