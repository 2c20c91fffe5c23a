// Weighted sums of translation phase ramps, S(f) = sum_t w_t exp(-2 pi i f.t), for the samples of
// one (particle, class, psi) (expectation.hpp: weighted_ramp), and the lattice tables they use.
// Few samples: summed directly (2 x pixels per sample). Many samples (flat early posteriors): the
// fine translations form a lattice, so S = sum_ty ramp_y(ky, ty) sum_tx w ramp_x(kx, tx), at a cost of
// samples x (box/2+1) + distinct ty x pixels.
#include "class2d/context.hpp"
#include "class2d/expectation.hpp"

#include <algorithm>
#include <cmath>

namespace plateau::class2d {
namespace {

void index_values(const std::vector<double>& values, std::vector<double>& distinct, std::vector<int>& index) {
    distinct.clear();
    for (double v : values)
        if (std::none_of(distinct.begin(), distinct.end(), [&](double d) { return std::abs(d - v) < 1e-9; }))
            distinct.push_back(v);
    index.clear();
    for (double v : values)
        index.push_back(static_cast<int>(std::find_if(distinct.begin(), distinct.end(),
                                                      [&](double d) { return std::abs(d - v) < 1e-9; }) -
                                         distinct.begin()));
}

__attribute__((target_clones("avx2,fma", "default"))) void direct_sum(const IterationContext& ctx, const Sample* first,
                                                                       const Sample* last, float* out) {
    const std::size_t n = ctx.pixels.count();
    for (const Sample* s = first; s != last; ++s) {
        const float* ramp = ctx.fine_ramps.data() + static_cast<std::size_t>(s->t) * 2 * n;
        const float w = s->w;
#pragma omp simd
        for (std::size_t j = 0; j < 2 * n; ++j) out[j] += w * ramp[j];
    }
}

__attribute__((target_clones("avx2,fma", "default"))) void lattice_sum(const IterationContext& ctx, const Sample* first, const Sample* last, float* out) {
    const std::size_t n = ctx.pixels.count(), half = static_cast<std::size_t>(ctx.model->box / 2 + 1);
    std::vector<cfloat> g(static_cast<std::size_t>(ctx.distinct_ty) * half, cfloat(0, 0));
    std::vector<char> used(static_cast<std::size_t>(ctx.distinct_ty), 0);
    for (const Sample* s = first; s != last; ++s) {
        const auto ix = static_cast<std::size_t>(ctx.fine_tx_index[static_cast<std::size_t>(s->t)]);
        const auto iy = static_cast<std::size_t>(ctx.fine_ty_index[static_cast<std::size_t>(s->t)]);
        used[iy] = 1;
        const auto* rx = reinterpret_cast<const cfloat*>(ctx.ramp_x.data()) + ix * half;
        cfloat* row = g.data() + iy * half;
        for (std::size_t kx = 0; kx < half; ++kx) row[kx] += s->w * rx[kx];
    }
    for (std::size_t iy = 0; iy < used.size(); ++iy) {
        if (!used[iy]) continue;
        const float* ry = ctx.ramp_y.data() + iy * n * 2;
        const cfloat* row = g.data() + iy * half;
        for (std::size_t j = 0; j < n; ++j) {  // written out: std::complex products check for NaN
            const cfloat v = row[static_cast<std::size_t>(ctx.pixels.kx[j])];
            out[2 * j] += ry[2 * j] * v.real() - ry[2 * j + 1] * v.imag();
            out[2 * j + 1] += ry[2 * j] * v.imag() + ry[2 * j + 1] * v.real();
        }
    }
}

}  // namespace

void make_lattice_ramps(const PoseGrid& poses, IterationContext& ctx) {
    std::vector<double> tx, ty;
    index_values(poses.fine_tx, tx, ctx.fine_tx_index);
    index_values(poses.fine_ty, ty, ctx.fine_ty_index);
    ctx.distinct_tx = static_cast<int>(tx.size());
    ctx.distinct_ty = static_cast<int>(ty.size());
    const int box = ctx.model->box, half = box / 2 + 1;
    const double k = -2.0 * M_PI / box;
    ctx.ramp_x.resize(tx.size() * static_cast<std::size_t>(half) * 2);
    for (std::size_t i = 0; i < tx.size(); ++i)
        for (int kx = 0; kx < half; ++kx) {
            ctx.ramp_x[(i * half + kx) * 2] = static_cast<float>(std::cos(k * kx * tx[i]));
            ctx.ramp_x[(i * half + kx) * 2 + 1] = static_cast<float>(std::sin(k * kx * tx[i]));
        }
    const std::size_t n = ctx.pixels.count();
    ctx.ramp_y.resize(ty.size() * n * 2);
    for (std::size_t i = 0; i < ty.size(); ++i)
        for (std::size_t j = 0; j < n; ++j) {
            ctx.ramp_y[(i * n + j) * 2] = static_cast<float>(std::cos(k * ctx.pixels.ky[j] * ty[i]));
            ctx.ramp_y[(i * n + j) * 2 + 1] = static_cast<float>(std::sin(k * ctx.pixels.ky[j] * ty[i]));
        }
}

void weighted_ramp(const IterationContext& ctx, const Sample* first, const Sample* last, float* out) {
    const std::size_t n = ctx.pixels.count();
    std::fill(out, out + 2 * n, 0.0f);
    if (first != last && first->t < 0) {  // initialisation: no shift
        float w = 0;
        for (const Sample* s = first; s != last; ++s) w += s->w;
        for (std::size_t j = 0; j < n; ++j) out[2 * j] = w;
        return;
    }
    const auto samples = static_cast<std::size_t>(last - first);
    const std::size_t half = static_cast<std::size_t>(ctx.model->box / 2 + 1);
    if (samples * n > 2 * (samples * half + static_cast<std::size_t>(ctx.distinct_ty) * n))
        lattice_sum(ctx, first, last, out);
    else
        direct_sum(ctx, first, last, out);
}

}  // namespace plateau::class2d
