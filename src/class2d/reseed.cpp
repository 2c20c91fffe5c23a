// Re-seeding of emptied classes (reseed.hpp).
#include "class2d/reseed.hpp"

#include "class2d/context.hpp"
#include "class2d/mask.hpp"
#include "class2d/maximisation.hpp"
#include "class2d/particle_blocks.hpp"
#include "class2d/projector.hpp"

#include <algorithm>
#include <cmath>
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

double aligned_correlation(const IterationContext& ctx, int k, int l) {
    const PoseGrid& g = *ctx.poses;
    const std::size_t pc = ctx.coarse_count, n = ctx.pixels.count();
    const auto npsi = static_cast<std::size_t>(g.coarse_psi());
    const float* a = ctx.coarse_refs.data() + static_cast<std::size_t>(k) * npsi * 2 * pc;  // psi 0
    double aa = 0;
    for (std::size_t j = 0; j < pc; ++j)
        if (ctx.pixels.shell[j] > 0) aa += double(a[2 * j]) * a[2 * j] + double(a[2 * j + 1]) * a[2 * j + 1];
    double best = -1;
    std::vector<double> cross(2 * pc);
    for (std::size_t psi = 0; psi < npsi; ++psi) {
        const float* b = ctx.coarse_refs.data() + (static_cast<std::size_t>(l) * npsi + psi) * 2 * pc;
        double bb = 0;
        for (std::size_t j = 0; j < pc; ++j) {  // a conj(b), then each translation is one dot product
            const bool used = ctx.pixels.shell[j] > 0;
            cross[2 * j] = used ? double(a[2 * j]) * b[2 * j] + double(a[2 * j + 1]) * b[2 * j + 1] : 0.0;
            cross[2 * j + 1] = used ? double(a[2 * j + 1]) * b[2 * j] - double(a[2 * j]) * b[2 * j + 1] : 0.0;
            if (used) bb += double(b[2 * j]) * b[2 * j] + double(b[2 * j + 1]) * b[2 * j + 1];
        }
        if (!(aa > 0 && bb > 0)) continue;
        for (int t = 0; t < g.coarse_translations(); ++t) {  // Re(a conj(b ramp_t))
            const float* ramp = ctx.coarse_ramps.data() + static_cast<std::size_t>(t) * 2 * n;
            double sum = 0;
            for (std::size_t j = 0; j < pc; ++j) sum += cross[2 * j] * ramp[2 * j] + cross[2 * j + 1] * ramp[2 * j + 1];
            best = std::max(best, sum / std::sqrt(aa * bb));
        }
    }
    return best;
}

bool duplicate_check_due(const ModelState& model, const Class2dOptions& options, int iteration) {
    if (options.duplicate_cc <= 0 || model.classes < 3) return false;
    if (iteration > options.iterations - kReseedQuietIterations) return false;
    const auto& prior = model.class_prior;
    return *std::max_element(prior.begin(), prior.end()) >= 1.5 / model.classes;
}

DuplicatePair duplicate_to_reseed(const IterationContext& ctx, const Class2dOptions& options, int iteration) {
    const ModelState& model = *ctx.model;
    DuplicatePair pair;
    if (!duplicate_check_due(model, options, iteration)) return pair;
    const auto& prior = model.class_prior;
    std::vector<std::pair<int, int>> pairs;
    for (int k = 0; k < model.classes; ++k)
        for (int l = k + 1; l < model.classes; ++l)
            if (prior[static_cast<std::size_t>(k)] > 0 && prior[static_cast<std::size_t>(l)] > 0) pairs.emplace_back(k, l);
    std::vector<double> cc(pairs.size());
    const long long total = static_cast<long long>(pairs.size());
#pragma omp parallel for num_threads(options.threads) schedule(dynamic, 4)
    for (long long p = 0; p < total; ++p)
        cc[static_cast<std::size_t>(p)] =
            aligned_correlation(ctx, pairs[static_cast<std::size_t>(p)].first, pairs[static_cast<std::size_t>(p)].second);
    for (std::size_t p = 0; p < pairs.size(); ++p) {  // in pair order: the same choice at any thread count
        if (cc[p] < options.duplicate_cc || cc[p] <= pair.cc) continue;
        const auto [k, l] = pairs[p];
        const bool k_smaller = prior[static_cast<std::size_t>(k)] < prior[static_cast<std::size_t>(l)];
        pair = {k_smaller ? k : l, k_smaller ? l : k, cc[p]};
    }
    return pair;
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
    BucketSums buckets;  // this block's, over its chunks
    stream_particle_blocks(
        source, options, chunk_particles(options),
        [&](ParticleChunk& held, std::size_t u, EStepScratch& s) {
            const std::size_t index = held.first + u;
            ParticleRecord& rec = held.records[u];
            rec.samples.clear();
            const ParticleState& state = particles[index];
            if (state.class_index != donor) return;
            const int group = source.group.empty() ? 0 : source.group[index];
            const CtfParams* ctf = source.ctf.empty() ? nullptr : &source.ctf[index];
            // At its rounded offset, whatever centre the search uses: the halves are reconstructed
            // without a search, at the members' last poses.
            prepare_particle(ctx, ffts, held.image(u), index, rounded_offset(state, model.pixel_size_a), group, ctf,
                             s, held.prepared[u]);
            rec.samples.push_back(Sample{worse[index] ? 1 : 0, state.psi_index, -1, 1.0f});
        },
        [&](ParticleChunk& held) {
            add_chunk_to_buckets(ctx, held.prepared, held.records, held.count, options.threads, buckets);
        },
        [&] { add_block_buckets(ctx, take_block_buckets(buckets), halves, options.threads); });
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
