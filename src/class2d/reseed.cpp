// Re-seeding of emptied classes (reseed.hpp).
#include "class2d/reseed.hpp"

#include "class2d/context.hpp"
#include "class2d/mask.hpp"
#include "class2d/maximisation.hpp"
#include "class2d/particle_blocks.hpp"
#include "class2d/projector.hpp"

#include <algorithm>
#include <numeric>

namespace plateau::class2d {

int class_to_reseed(const ModelState& model, const Class2dOptions& options, int iteration) {
    if (options.reseed_fraction <= 0 || model.classes < 2) return -1;
    if (iteration > options.iterations - kReseedQuietIterations) return -1;
    const auto& prior = model.class_prior;
    const auto smallest = static_cast<std::size_t>(std::min_element(prior.begin(), prior.end()) - prior.begin());
    const double largest = *std::max_element(prior.begin(), prior.end());
    if (prior[smallest] >= options.reseed_fraction / model.classes || largest < 4 * prior[smallest]) return -1;
    return static_cast<int>(smallest);
}

namespace {

// Members of `donor` in particle order, their worse-fitting half marked (fit ascending, then index).
std::vector<char> worse_half(const std::vector<ParticleState>& particles, int donor, std::size_t& moved) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < particles.size(); ++i)
        if (particles[i].class_index == donor) members.push_back(i);
    std::stable_sort(members.begin(), members.end(),
                     [&](std::size_t a, std::size_t b) { return particles[a].fit < particles[b].fit; });
    std::vector<char> worse(particles.size(), 0);
    moved = members.size() / 2;
    for (std::size_t m = 0; m < moved; ++m) worse[members[m]] = 1;
    return worse;
}

void rebuild(const Class2dOptions& options, const FftPool& ffts, int size, BackProjector& sums, ModelState& model,
             int k) {
    auto& reference = model.references[static_cast<std::size_t>(k)];
    std::vector<double> mean_weight;
    sums.reconstruct(ffts.padded, size / 2 - 1, nullptr, reference.data(), &mean_weight);
    if (options.flatten_solvent)
        flatten_solvent(reference.data(), model.box, options.particle_diameter_a / 2 / model.pixel_size_a,
                        options.mask_edge_px);
}

}  // namespace

std::size_t reseed_class(const ParticleSource& source, const Class2dOptions& options, const FftPool& ffts,
                         const PoseGrid& poses, bool use_ctf, int iteration, int empty, ModelState& model,
                         std::vector<ParticleState>& particles) {
    const auto& prior = model.class_prior;
    const int donor = static_cast<int>(std::max_element(prior.begin(), prior.end()) - prior.begin());
    std::size_t moved = 0;
    const std::vector<char> worse = worse_half(particles, donor, moved);
    if (moved == 0) return 0;
    const IterationContext ctx = make_context(model, poses, options, ffts, use_ctf, iteration);
    std::vector<BackProjector> halves(2, BackProjector(model.box));  // 0: stays in donor, 1: moves
    stream_particle_blocks(
        source, options,
        [&](ParticleBlock& block, std::size_t u, EStepScratch& s) {
            const std::size_t index = block.first + u;
            ParticleRecord& rec = block.records[u];
            rec.samples.clear();
            const ParticleState& state = particles[index];
            if (state.class_index != donor) return;
            const int group = source.group.empty() ? 0 : source.group[index];
            const CtfParams* ctf = source.ctf.empty() ? nullptr : &source.ctf[index];
            prepare_particle(ctx, ffts, block.image(u), index, state, group, ctf, s, block.prepared[u]);
            rec.samples.push_back(Sample{worse[index] ? 1 : 0, state.psi_index, -1, 1.0f});
        },
        [&](ParticleBlock& block) {
            back_project_block(ctx, block.prepared, block.records, block.count, halves, options.threads);
        });
    rebuild(options, ffts, model.current_size, halves[0], model, donor);
    rebuild(options, ffts, model.current_size, halves[1], model, empty);
    const auto d = static_cast<std::size_t>(donor), e = static_cast<std::size_t>(empty);
    // Both halves keep the donor's signal spectrum: the unregularised halves' own power includes
    // their noise, and a tau2 from it would inflate the next SSNR and the resolution.
    model.tau2[e] = model.tau2[d];
    const double share = (model.class_prior[d] + model.class_prior[e]) / 2;
    model.class_prior[d] = model.class_prior[e] = share;
    model.prior_x_a[e] = model.prior_x_a[d];
    model.prior_y_a[e] = model.prior_y_a[d];
    for (std::size_t i = 0; i < particles.size(); ++i)
        if (worse[i]) particles[i].class_index = empty;
    return moved;
}

}  // namespace plateau::class2d
