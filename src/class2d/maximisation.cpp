// Scalar sums, priors, noise spectrum and references (maximisation.hpp).
#include "class2d/maximisation.hpp"

#include "class2d/mask.hpp"

#include <algorithm>
#include <cmath>

namespace plateau::class2d {

void IterationSums::reset(int classes, int groups, int shells) {
    const auto k = static_cast<std::size_t>(classes);
    class_weight.assign(k, 0.0);
    class_wx_a.assign(k, 0.0);
    class_wy_a.assign(k, 0.0);
    class_psi_spread.assign(k, 0.0);
    class_t_spread_px.assign(k, 0.0);
    class_members.assign(k, 0.0);
    offset_sq_sum_a2 = 0;
    residual.assign(static_cast<std::size_t>(groups), std::vector<double>(static_cast<std::size_t>(shells), 0.0));
    power = residual;
    group_count.assign(static_cast<std::size_t>(groups), 0.0);
    log_likelihood = pmax_sum = 0;
    particles = changed = 0;
}

double wrap_psi(double psi_deg) {
    double psi = std::fmod(psi_deg, 360.0);
    if (psi > 180) psi -= 360;
    if (psi <= -180) psi += 360;
    return psi;
}

namespace {

void add_offsets(const IterationContext& ctx, const PreparedParticle& p, const ParticleRecord& rec, IterationSums& sums) {
    const ModelState& m = *ctx.model;
    const PoseGrid& g = *ctx.poses;
    for (const Sample& s : rec.samples) {
        const auto k = static_cast<std::size_t>(s.k);
        const double x = (p.rounded_x_px + g.fine_tx[static_cast<std::size_t>(s.t)]) * m.pixel_size_a;
        const double y = (p.rounded_y_px + g.fine_ty[static_cast<std::size_t>(s.t)]) * m.pixel_size_a;
        sums.class_weight[k] += s.w;
        sums.class_wx_a[k] += s.w * x;
        sums.class_wy_a[k] += s.w * y;
        const double dx = x - m.prior_x_a[k], dy = y - m.prior_y_a[k];
        sums.offset_sq_sum_a2 += s.w * (dx * dx + dy * dy);
    }
}

}  // namespace

void add_block_sums(const IterationContext& ctx, const std::vector<PreparedParticle>& prepared,
                    const std::vector<ParticleRecord>& records, std::size_t first, std::size_t count,
                    std::vector<ParticleState>& states, std::vector<ParticleAssignment>& assignments,
                    IterationSums& sums) {
    const ModelState& m = *ctx.model;
    const PoseGrid& g = *ctx.poses;
    for (std::size_t i = 0; i < count; ++i) {
        const PreparedParticle& p = prepared[i];
        const ParticleRecord& rec = records[i];
        add_offsets(ctx, p, rec, sums);
        const auto group = static_cast<std::size_t>(p.group);
        for (std::size_t r = 0; r < rec.residual.size(); ++r) sums.residual[group][r] += rec.residual[r];
        for (std::size_t r = 0; r < p.power.size(); ++r) sums.power[group][r] += p.power[r];
        sums.group_count[group] += 1;
        sums.log_likelihood += rec.log_likelihood;
        sums.pmax_sum += rec.pmax;
        sums.particles += 1;
        const auto best = static_cast<std::size_t>(rec.best_k);
        sums.class_members[best] += 1;
        sums.class_psi_spread[best] += rec.psi_spread_deg;
        sums.class_t_spread_px[best] += rec.t_spread_px;
        ParticleState& state = states[first + i];
        if (state.class_index != rec.best_k) ++sums.changed;
        state.class_index = rec.best_k;
        state.psi_index = rec.best_psi;
        state.fit = rec.fit;
        state.offset_x_a = (p.rounded_x_px + g.fine_tx[static_cast<std::size_t>(rec.best_t)]) * m.pixel_size_a;
        state.offset_y_a = (p.rounded_y_px + g.fine_ty[static_cast<std::size_t>(rec.best_t)]) * m.pixel_size_a;
        ParticleAssignment& a = assignments[first + i];
        a.class_index = rec.best_k + 1;
        a.psi_deg = wrap_psi(g.fine_psi_deg[static_cast<std::size_t>(rec.best_psi)]);
        a.origin_x_a = state.offset_x_a;
        a.origin_y_a = state.offset_y_a;
        a.max_probability = rec.pmax;
        a.significant_samples = rec.significant;
        a.log_likelihood = rec.log_likelihood;
    }
}

void update_priors_and_noise(ModelState& model, const IterationSums& sums, int current_size) {
    const double n = static_cast<double>(std::max<std::size_t>(sums.particles, 1));
    for (std::size_t k = 0; k < sums.class_weight.size(); ++k) {
        model.class_prior[k] = sums.class_weight[k] / n;
        if (sums.class_weight[k] > 0) {
            model.prior_x_a[k] = sums.class_wx_a[k] / sums.class_weight[k];
            model.prior_y_a[k] = sums.class_wy_a[k] / sums.class_weight[k];
        }
    }
    model.sigma_offset_a = std::max(std::sqrt(sums.offset_sq_sum_a2 / (2.0 * n)), 1e-3);
    const std::vector<int> npix = half_plane_shell_counts(model.box);
    for (std::size_t g = 0; g < model.sigma2.size(); ++g) {
        if (sums.group_count[g] <= 0) continue;
        std::vector<double>& s2 = model.sigma2[g];
        for (std::size_t r = 1; r < s2.size(); ++r) {
            const bool inside = static_cast<int>(r) < current_size / 2 && r < sums.residual[g].size();
            const double sum = inside ? sums.residual[g][r] : sums.power[g][r];
            const double value = sum / (2.0 * sums.group_count[g] * std::max(npix[r], 1));
            s2[r] = value < 1e-14 ? s2[r - 1] : value;
        }
        s2[0] = s2[1];
    }
}

std::vector<std::vector<double>> update_references(ModelState& model, std::vector<BackProjector>& classes,
                                                   const FftPool& ffts, const Class2dOptions& options,
                                                   int current_size, bool regularise) {
    const int shells = model.box / 2 + 1;
    const double radius = options.particle_diameter_a / 2 / model.pixel_size_a;
    std::vector<std::vector<double>> ssnr(classes.size(), std::vector<double>(static_cast<std::size_t>(shells), 0.0));
    const long long total = static_cast<long long>(classes.size());
#pragma omp parallel for num_threads(options.threads) schedule(dynamic, 1)
    for (long long kk = 0; kk < total; ++kk) {
        const auto k = static_cast<std::size_t>(kk);
        std::vector<double> reg(static_cast<std::size_t>(shells)), mean_weight;
        // RELION 3.1 (BackProjector::reconstruct): shells below minres_map are not regularised.
        for (std::size_t r = 0; r < reg.size(); ++r)
            reg[r] = static_cast<int>(r) < options.minres_map ? 0.0
                     : model.tau2[k][r] > 1e-30                ? 1.0 / (4.0 * options.tau2_fudge * model.tau2[k][r])
                                                               : 1e30;
        classes[k].reconstruct(ffts.padded, current_size / 2 - 1, regularise ? reg.data() : nullptr,
                               model.references[k].data(), &mean_weight);
        zero_background(model.references[k].data(), model.box, radius, options.mask_edge_px);
        // RELION 3.1 flattens after each M-step, not the random-subset references of iteration 0.
        if (options.flatten_solvent && regularise)
            flatten_solvent(model.references[k].data(), model.box, radius, options.mask_edge_px);
        for (std::size_t r = 0; r < reg.size(); ++r)
            ssnr[k][r] = mean_weight[r] * 4.0 * options.tau2_fudge * model.tau2[k][r];
        classes[k].clear();
    }
    return ssnr;
}

void update_tau2(ModelState& model, const FftPool& ffts, int threads) {
    const long long total = static_cast<long long>(model.references.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (long long kk = 0; kk < total; ++kk) {
        const auto k = static_cast<std::size_t>(kk);
        model.tau2[k] = reference_tau2(ffts.padded, model.references[k].data(), model.box, model.current_size / 2);
    }
}

}  // namespace plateau::class2d
