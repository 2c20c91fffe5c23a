// The per-iteration context (context.hpp).
#include "class2d/context.hpp"

#include "class2d/mask.hpp"
#include "class2d/projector.hpp"

namespace plateau::class2d {
namespace {

// |A|^2 per pixel of interleaved references: the E-step's sum C^2 |A|^2 / (2 sigma2) is then a dot product.
void reference_power(const std::vector<float>& refs, std::vector<float>& power) {
    power.resize(refs.size() / 2);
    for (std::size_t j = 0; j < power.size(); ++j) power[j] = refs[2 * j] * refs[2 * j] + refs[2 * j + 1] * refs[2 * j + 1];
}

void rotated_references(const ModelState& model, const PoseGrid& poses, const FftPool& ffts, int threads,
                        IterationContext& ctx) {
    const auto classes = static_cast<std::size_t>(model.classes);
    std::vector<Projector> projectors(classes, Projector(model.box));
    const long long k_total = static_cast<long long>(classes);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (long long k = 0; k < k_total; ++k)
        projectors[static_cast<std::size_t>(k)].set_reference(model.references[static_cast<std::size_t>(k)].data(), ffts.padded);
    const std::size_t n = ctx.pixels.count(), pc = ctx.coarse_count;
    const auto cpsi = static_cast<std::size_t>(poses.coarse_psi()), fpsi = static_cast<std::size_t>(poses.fine_psi());
    ctx.coarse_refs.resize(classes * cpsi * 2 * pc);
    ctx.fine_refs.resize(classes * fpsi * 2 * n);
    const long long items = static_cast<long long>(classes * (cpsi + fpsi));
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4)
    for (long long item = 0; item < items; ++item) {
        const auto i = static_cast<std::size_t>(item);
        const std::size_t k = i / (cpsi + fpsi), j = i % (cpsi + fpsi);
        if (j < cpsi)
            projectors[k].project(poses.coarse_psi_deg[j], ctx.pixels, pc, ctx.coarse_refs.data() + (k * cpsi + j) * 2 * pc);
        else
            projectors[k].project(poses.fine_psi_deg[j - cpsi], ctx.pixels, n,
                                  ctx.fine_refs.data() + (k * fpsi + j - cpsi) * 2 * n);
    }
    reference_power(ctx.coarse_refs, ctx.coarse_power);
    reference_power(ctx.fine_refs, ctx.fine_power);
}

}  // namespace

IterationContext make_context(const ModelState& model, const PoseGrid& poses, const Class2dOptions& options,
                              const FftPool& ffts, bool use_ctf, int iteration) {
    IterationContext ctx;
    ctx.model = &model;
    ctx.poses = &poses;
    ctx.options = &options;
    ctx.pixels = make_pixel_set(model.box, model.current_size);
    ctx.coarse_count = ctx.pixels.prefix(model.coarse_size);
    ctx.shells = half_plane_shells(model.box);
    ctx.use_ctf = use_ctf;
    ctx.iteration = iteration;
    ctx.mask_radius_px = options.particle_diameter_a / 2 / model.pixel_size_a;
    ctx.mask = soft_mask_table(model.box, ctx.mask_radius_px, options.mask_edge_px);
    const std::size_t n = ctx.pixels.count();
    ctx.coarse_ramps.resize(static_cast<std::size_t>(poses.coarse_translations()) * 2 * n);
    for (int t = 0; t < poses.coarse_translations(); ++t)
        phase_ramp(ctx.pixels, poses.coarse_tx[static_cast<std::size_t>(t)], poses.coarse_ty[static_cast<std::size_t>(t)],
                   ctx.coarse_ramps.data() + static_cast<std::size_t>(t) * 2 * n);
    ctx.fine_ramps.resize(static_cast<std::size_t>(poses.fine_translations()) * 2 * n);
    for (int t = 0; t < poses.fine_translations(); ++t)
        phase_ramp(ctx.pixels, poses.fine_tx[static_cast<std::size_t>(t)], poses.fine_ty[static_cast<std::size_t>(t)],
                   ctx.fine_ramps.data() + static_cast<std::size_t>(t) * 2 * n);
    ctx.inv_sigma2.resize(static_cast<std::size_t>(model.groups) * n);
    for (std::size_t g = 0; g < static_cast<std::size_t>(model.groups); ++g)
        for (std::size_t j = 0; j < n; ++j)
            ctx.inv_sigma2[g * n + j] = static_cast<float>(1.0 / model.sigma2[g][static_cast<std::size_t>(ctx.pixels.shell[j])]);
    make_lattice_ramps(poses, ctx);
    rotated_references(model, poses, ffts, options.threads, ctx);
    return ctx;
}

}  // namespace plateau::class2d
