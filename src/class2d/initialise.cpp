// Initialisation pass (initialise.hpp).
#include "class2d/initialise.hpp"

#include "class2d/ctf.hpp"
#include "class2d/expectation.hpp"
#include "class2d/mask.hpp"
#include "class2d/maximisation.hpp"
#include "class2d/particle_blocks.hpp"
#include "class2d/resolution.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace plateau::class2d {
namespace {

struct InitSums {
    std::vector<std::vector<double>> power, evidence;  // [group][shell]
    std::vector<double> count;
    std::vector<double> image_sum;  // real space
};

void prepare_one(const IterationContext& ctx, const FftPool& ffts, const ParticleSource& source, const float* image,
                 std::size_t index, EStepScratch& s, PreparedParticle& p, ParticleRecord& rec) {
    const int box = source.box;
    const Class2dOptions& options = *ctx.options;
    s.rolled.assign(image, image + static_cast<std::size_t>(box) * box);
    if (options.zero_mask) apply_zero_mask(s.rolled.data(), box, ctx.mask_radius_px, options.mask_edge_px);
    s.fft_real.resize(s.rolled.size());
    s.transform.resize(static_cast<std::size_t>(box) * ffts.image.half());
    image_transform(ffts.image, s.rolled.data(), s.fft_real.data(), s.transform.data());
    const std::size_t n = ctx.pixels.count();
    p.group = source.group.empty() ? 0 : source.group[index];
    p.xu.resize(2 * n);
    p.ctf.assign(n, 1.0f);
    if (ctx.use_ctf) ctf_on_pixels(source.ctf[index], ctx.pixels, source.pixel_size_a, options.ctf_intact_first_peak, p.ctf.data());
    p.power.assign(static_cast<std::size_t>(box / 2 + 1), 0.0);
    p.ctf2.assign(p.power.size(), 0.0);
    for (std::size_t i = 0; i < ctx.shells.size(); ++i)
        if (ctx.shells[i] >= 0 && ctx.shells[i] <= box / 2) p.power[static_cast<std::size_t>(ctx.shells[i])] += std::norm(s.transform[i]);
    for (std::size_t j = 0; j < n; ++j) {
        const cfloat v = s.transform[static_cast<std::size_t>(ctx.pixels.grid_index[j])];
        p.xu[2 * j] = v.real();
        p.xu[2 * j + 1] = v.imag();
        p.ctf2[static_cast<std::size_t>(ctx.pixels.shell[j])] += double(p.ctf[j]) * p.ctf[j];
    }
    std::mt19937_64 rng(mix_seed(options.seed, index, 0xC1A55));
    const int k = static_cast<int>(rng() % static_cast<std::uint64_t>(ctx.model->classes));
    const int psi = static_cast<int>(rng() % static_cast<std::uint64_t>(ctx.poses->fine_psi()));
    rec.samples.assign(1, Sample{k, psi, -1, 1.0f});
}

void add_init_sums(const std::vector<PreparedParticle>& prepared, const float* images, std::size_t count, int box,
                   InitSums& sums) {
    const std::size_t n2 = static_cast<std::size_t>(box) * box;
    for (std::size_t i = 0; i < count; ++i) {
        const PreparedParticle& p = prepared[i];
        const auto g = static_cast<std::size_t>(p.group);
        for (std::size_t r = 0; r < p.power.size(); ++r) {
            sums.power[g][r] += p.power[r];
            sums.evidence[g][r] += p.ctf2[r];
        }
        sums.count[g] += 1;
        for (std::size_t j = 0; j < n2; ++j) sums.image_sum[j] += images[i * n2 + j];
    }
}

IterationContext init_context(const ModelState& model, const PoseGrid& poses, const Class2dOptions& options,
                              bool use_ctf) {
    IterationContext ctx;
    ctx.model = &model;
    ctx.poses = &poses;
    ctx.options = &options;
    ctx.pixels = make_pixel_set(model.box, model.box);
    ctx.shells = half_plane_shells(model.box);
    ctx.use_ctf = use_ctf;
    ctx.mask_radius_px = options.particle_diameter_a / 2 / model.pixel_size_a;
    ctx.inv_sigma2.assign(static_cast<std::size_t>(model.groups) * ctx.pixels.count(), 1.0f);
    return ctx;
}

}  // namespace
}  // namespace plateau::class2d

namespace plateau::class2d {
namespace {

// sigma2_g(r) = <|X|^2>_{g,r}/2 - PowerSpectrum(mean image)(r)/2; non-positive shells take a neighbour.
void initial_noise(const FftPool& ffts, const InitSums& sums, double particles, ModelState& model) {
    const int box = model.box;
    std::vector<float> mean(sums.image_sum.size()), scratch(sums.image_sum.size());
    for (std::size_t j = 0; j < mean.size(); ++j) mean[j] = static_cast<float>(sums.image_sum[j] / particles);
    std::vector<cfloat> transform(static_cast<std::size_t>(box) * ffts.image.half());
    image_transform(ffts.image, mean.data(), scratch.data(), transform.data());
    const std::vector<int> shells = half_plane_shells(box);
    const std::vector<int> npix = half_plane_shell_counts(box);
    std::vector<double> mean_power(npix.size(), 0.0);
    for (std::size_t i = 0; i < shells.size(); ++i)
        if (shells[i] >= 0 && shells[i] <= box / 2) mean_power[static_cast<std::size_t>(shells[i])] += std::norm(transform[i]);
    for (std::size_t g = 0; g < sums.power.size(); ++g) {
        std::vector<double>& s2 = model.sigma2[g];
        const double count = std::max(sums.count[g], 1.0);
        for (std::size_t r = 0; r < s2.size(); ++r)
            s2[r] = (sums.power[g][r] / count - mean_power[r]) / (2.0 * std::max(npix[r], 1));
        for (std::size_t r = 1; r < s2.size(); ++r)
            if (!(s2[r] > 0)) s2[r] = s2[r - 1];
        for (std::size_t r = s2.size() - 1; r-- > 0;)
            if (!(s2[r] > 0)) s2[r] = s2[r + 1];
        s2[0] = s2[1];
    }
}

void allocate_model(const ParticleSource& source, const Class2dOptions& options, ModelState& model) {
    model.box = source.box;
    model.pixel_size_a = source.pixel_size_a;
    model.classes = options.classes;
    model.groups = 1;
    for (int g : source.group) model.groups = std::max(model.groups, g + 1);
    const auto k = static_cast<std::size_t>(options.classes);
    const auto shells = static_cast<std::size_t>(source.box / 2 + 1);
    model.references.assign(k, std::vector<float>(static_cast<std::size_t>(source.box) * source.box, 0.0f));
    model.class_prior.assign(k, 1.0 / options.classes);
    model.prior_x_a.assign(k, 0.0);
    model.prior_y_a.assign(k, 0.0);
    model.sigma_offset_a = options.sigma_offset_a;
    model.sigma2.assign(static_cast<std::size_t>(model.groups), std::vector<double>(shells, 1.0));
    model.tau2.assign(k, std::vector<double>(shells, 0.0));
}

}  // namespace

void initialise_model(const ParticleSource& source, const Class2dOptions& options, const FftPool& ffts,
                      const PoseGrid& poses, ModelState& model, const ProgressCallback& on_progress) {
    allocate_model(source, options, model);
    const bool use_ctf = options.use_ctf && !source.ctf.empty();
    const IterationContext ctx = init_context(model, poses, options, use_ctf);
    const int box = source.box;
    const auto shells = static_cast<std::size_t>(box / 2 + 1);
    InitSums sums{std::vector<std::vector<double>>(static_cast<std::size_t>(model.groups), std::vector<double>(shells, 0.0)),
                  {}, std::vector<double>(static_cast<std::size_t>(model.groups), 0.0),
                  std::vector<double>(static_cast<std::size_t>(box) * box, 0.0)};
    sums.evidence = sums.power;
    std::vector<BackProjector> classes(static_cast<std::size_t>(options.classes), BackProjector(box));
    BucketSums buckets;  // this block's, over its chunks
    stream_particle_blocks(
        source, options, chunk_particles(options),
        [&](ParticleChunk& held, std::size_t u, EStepScratch& scratch) {
            prepare_one(ctx, ffts, source, held.image(u), held.first + u, scratch, held.prepared[u], held.records[u]);
        },
        [&](ParticleChunk& held) {
            add_chunk_to_buckets(ctx, held.prepared, held.records, held.count, options.threads, buckets);
            add_init_sums(held.prepared, held.images.data(), held.count, box, sums);
            if (on_progress) on_progress(0, held.first + held.count, source.count);
        },
        [&] { add_block_buckets(ctx, take_block_buckets(buckets), classes, options.threads); });
    initial_noise(ffts, sums, static_cast<double>(source.count), model);
    // RELION 3.1 (calculateSumOfPowerSpectraAndAverageImage): the random-subset references are
    // reconstructed inside radius r0 = round(0.07 box) only (here shells < r0; RELION 3.1.3's
    // iteration-0 classes hold a tenth of the power at shell r0 and ~1e-20 beyond), and r0 sets
    // the first image size (2 (4 + incr_size) = 28 px for a 64-px box, as RELION ran).
    const int first_shell = std::max(1, static_cast<int>(std::lround(0.07 * box)));
    update_references(model, classes, ffts, options, 2 * first_shell, false);
    set_resolution_shell(model, first_shell, options);
    update_tau2(model, ffts, options.threads);
}

}  // namespace plateau::class2d
