// Two-pass E-step of one particle (em2d-peers.md §5–§6). diff2 = sum_f |X_t - C A|^2 / (2 sigma2)
// is expanded as XX + sum C^2|A|^2/(2 sigma2) - 2 sum Re(Y_t conj A), Y_t = C X_t / (2 sigma2):
// each translated image Y_t is made once and each rotated reference A once per iteration, so the
// hot loop is a dot product over the current pixels.
#include "class2d/expectation.hpp"
#include "class2d/significance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace plateau::class2d {
namespace {

float dot(const float* a, const float* b, std::size_t n, bool in_double) {
    if (in_double) {
        double acc = 0;
        for (std::size_t i = 0; i < n; ++i) acc += double(a[i]) * double(b[i]);
        return static_cast<float>(acc);
    }
    float acc = 0;
#pragma omp simd reduction(+ : acc)
    for (std::size_t i = 0; i < n; ++i) acc += a[i] * b[i];
    return acc;
}

// out[t] = y_t . a for nt vectors y_t of length n (stride n): four at a time, so each load of the
// reference serves four translations. Cloned for AVX2/FMA with a run-time dispatch.
__attribute__((target_clones("avx2,fma", "default"))) void dots4(const float* y, const float* a, std::size_t n,
                                                                  std::size_t nt, float* out) {
    std::size_t t = 0;
    for (; t + 4 <= nt; t += 4) {
        const float *y0 = y + t * n, *y1 = y0 + n, *y2 = y1 + n, *y3 = y2 + n;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
        for (std::size_t i = 0; i < n; ++i) {
            s0 += y0[i] * a[i];
            s1 += y1[i] * a[i];
            s2 += y2[i] * a[i];
            s3 += y3[i] * a[i];
        }
        out[t] = s0;
        out[t + 1] = s1;
        out[t + 2] = s2;
        out[t + 3] = s3;
    }
    for (; t < nt; ++t) {
        float s = 0;
#pragma omp simd reduction(+ : s)
        for (std::size_t i = 0; i < n; ++i) s += y[t * n + i] * a[i];
        out[t] = s;
    }
}

// out0[t] = y_t . a0 and out1[t] = y_t . a1 for nt vectors y_t (stride n): two references times four
// translations per sweep, so each load of a translated image serves two references and each load
// of a reference four translations (6 loads per 8 multiply-adds instead of 5 per 4).
__attribute__((target_clones("avx2,fma", "default"))) void dots2x4(const float* y, const float* a0, const float* a1,
                                                                    std::size_t n, std::size_t nt, float* out0,
                                                                    float* out1) {
    std::size_t t = 0;
    for (; t + 4 <= nt; t += 4) {
        const float *y0 = y + t * n, *y1 = y0 + n, *y2 = y1 + n, *y3 = y2 + n;
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
#pragma omp simd reduction(+ : p0, p1, p2, p3, q0, q1, q2, q3)
        for (std::size_t i = 0; i < n; ++i) {
            p0 += y0[i] * a0[i];
            p1 += y1[i] * a0[i];
            p2 += y2[i] * a0[i];
            p3 += y3[i] * a0[i];
            q0 += y0[i] * a1[i];
            q1 += y1[i] * a1[i];
            q2 += y2[i] * a1[i];
            q3 += y3[i] * a1[i];
        }
        out0[t] = p0, out0[t + 1] = p1, out0[t + 2] = p2, out0[t + 3] = p3;
        out1[t] = q0, out1[t + 1] = q1, out1[t + 2] = q2, out1[t + 3] = q3;
    }
    for (; t < nt; ++t) {
        float p = 0, q = 0;
#pragma omp simd reduction(+ : p, q)
        for (std::size_t i = 0; i < n; ++i) {
            p += y[t * n + i] * a0[i];
            q += y[t * n + i] * a1[i];
        }
        out0[t] = p, out1[t] = q;
    }
}

// cross[r][t] = y_t . a_r for the references a_0, a_1 (a_1 may be null: one reference).
void cross_products(const float* y, const float* a0, const float* a1, std::size_t n, std::size_t nt, bool in_double,
                    float* out0, float* out1) {
    if (in_double) {
        for (std::size_t t = 0; t < nt; ++t) {
            out0[t] = dot(y + t * n, a0, n, true);
            if (a1) out1[t] = dot(y + t * n, a1, n, true);
        }
    } else if (a1) {
        dots2x4(y, a0, a1, n, nt, out0, out1);
    } else {
        dots4(y, a0, n, nt, out0);
    }
}

// Y = inv2s * C * (X * ramp) over the first `count` pixels.
void translated(const float* x, const float* ramp, const float* ctf_inv2s, std::size_t count, float* y) {
#pragma omp simd
    for (std::size_t j = 0; j < count; ++j) {
        const float re = x[2 * j] * ramp[2 * j] - x[2 * j + 1] * ramp[2 * j + 1];
        const float im = x[2 * j] * ramp[2 * j + 1] + x[2 * j + 1] * ramp[2 * j];
        y[2 * j] = ctf_inv2s[j] * re;
        y[2 * j + 1] = ctf_inv2s[j] * im;
    }
}

// log pi_k + log N(t_abs; prior_k, sigma_offset) for a translation t (pixels, relative).
double log_prior(const IterationContext& ctx, const PreparedParticle& p, int k, double tx, double ty) {
    const ModelState& m = *ctx.model;
    const double pi = m.class_prior[static_cast<std::size_t>(k)];
    if (pi <= 0) return -std::numeric_limits<double>::infinity();
    const double dx = (p.rounded_x_px + tx) * m.pixel_size_a - m.prior_x_a[static_cast<std::size_t>(k)];
    const double dy = (p.rounded_y_px + ty) * m.pixel_size_a - m.prior_y_a[static_cast<std::size_t>(k)];
    return std::log(pi) - (dx * dx + dy * dy) / (2.0 * m.sigma_offset_a * m.sigma_offset_a);
}

void per_pixel_weights(const IterationContext& ctx, const PreparedParticle& p, EStepScratch& s) {
    const std::size_t n = ctx.pixels.count();
    const float* inv_sigma2 = ctx.inv_sigma2.data() + static_cast<std::size_t>(p.group) * n;
    s.inv2s.resize(n);
    s.cw2.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
        s.inv2s[j] = 0.5f * inv_sigma2[j] * p.ctf[j];            // C / (2 sigma2)
        s.cw2[j] = 0.5f * inv_sigma2[j] * p.ctf[j] * p.ctf[j];  // C^2 / (2 sigma2)
    }
}

// Coarse pass: log weights of every (class, coarse psi, coarse t), flattened in that order.
void coarse_pass(const IterationContext& ctx, const PreparedParticle& p, EStepScratch& s) {
    const PoseGrid& g = *ctx.poses;
    const std::size_t pc = ctx.coarse_count, tc = static_cast<std::size_t>(g.coarse_translations());
    const std::size_t n = ctx.pixels.count();
    const bool in_double = ctx.options->double_precision_check;
    s.coarse_y.resize(tc * 2 * pc);
    for (std::size_t t = 0; t < tc; ++t)
        translated(p.xm.data(), ctx.coarse_ramps.data() + t * 2 * n, s.inv2s.data(), pc, s.coarse_y.data() + t * 2 * pc);
    const int classes = ctx.model->classes, npsi = g.coarse_psi();
    const auto refs = static_cast<std::size_t>(classes) * static_cast<std::size_t>(npsi);
    std::vector<float> aa(refs), cross(2 * tc);
    cross_products(ctx.coarse_power.data(), s.cw2.data(), nullptr, pc, refs, in_double, aa.data(), nullptr);
    s.log_w.assign(refs * tc, -std::numeric_limits<double>::infinity());
    std::vector<double> prior(tc);
    for (int k = 0; k < classes; ++k) {
        for (std::size_t t = 0; t < tc; ++t) prior[t] = log_prior(ctx, p, k, g.coarse_tx[t], g.coarse_ty[t]);
        if (!std::isfinite(prior[0]) && ctx.model->class_prior[static_cast<std::size_t>(k)] <= 0) continue;
        for (int j = 0; j < npsi; j += 2) {
            const std::size_t r = static_cast<std::size_t>(k) * npsi + j;
            const bool pair = j + 1 < npsi;
            const float* a = ctx.coarse_refs.data() + r * 2 * pc;
            cross_products(s.coarse_y.data(), a, pair ? a + 2 * pc : nullptr, 2 * pc, tc, in_double, cross.data(),
                           cross.data() + tc);
            for (std::size_t u = 0; u < (pair ? 2u : 1u); ++u)
                for (std::size_t t = 0; t < tc; ++t)
                    s.log_w[(r + u) * tc + t] = prior[t] - (aa[r + u] - 2.0 * cross[u * tc + t]);
        }
    }
}

// sum_f C^2 |A|^2 / (2 sigma2) of fine reference kp (class x fine psi), once per particle.
float fine_norm(const IterationContext& ctx, EStepScratch& s, std::size_t kp) {
    if (!s.fine_aa_ready[kp]) {
        const std::size_t n = ctx.pixels.count();
        cross_products(ctx.fine_power.data() + kp * n, s.cw2.data(), nullptr, n, 1,
                       ctx.options->double_precision_check, &s.fine_aa[kp], nullptr);
        s.fine_aa_ready[kp] = 1;
    }
    return s.fine_aa[kp];
}

// Log weights of the four fine translations first_t .. first_t+3 (the children of one coarse t) at
// class k and the fine psi pair psi0, psi0 + 1 (the children of one coarse psi): out0 and out1.
void fine_log_weights_pair(const IterationContext& ctx, const PreparedParticle& p, EStepScratch& s, int k, int psi0,
                           int first_t, double* out0, double* out1) {
    const PoseGrid& g = *ctx.poses;
    const std::size_t n = ctx.pixels.count();
    const std::size_t kp = static_cast<std::size_t>(k) * g.fine_psi() + static_cast<std::size_t>(psi0);
    const float aa0 = fine_norm(ctx, s, kp), aa1 = fine_norm(ctx, s, kp + 1);
    for (int t = first_t; t < first_t + 4; ++t)
        if (!s.fine_y_ready[static_cast<std::size_t>(t)]) {
            translated(p.xm.data(), ctx.fine_ramps.data() + static_cast<std::size_t>(t) * 2 * n, s.inv2s.data(), n,
                       s.fine_y.data() + static_cast<std::size_t>(t) * 2 * n);
            s.fine_y_ready[static_cast<std::size_t>(t)] = 1;
        }
    float cross0[4], cross1[4];
    const float* a = ctx.fine_refs.data() + kp * 2 * n;
    cross_products(s.fine_y.data() + static_cast<std::size_t>(first_t) * 2 * n, a, a + 2 * n, 2 * n, 4,
                   ctx.options->double_precision_check, cross0, cross1);
    for (int c = 0; c < 4; ++c) {
        const auto t = static_cast<std::size_t>(first_t + c);
        const double prior = log_prior(ctx, p, k, g.fine_tx[t], g.fine_ty[t]);
        out0[c] = prior - (aa0 - 2.0 * cross0[c]);
        out1[c] = prior - (aa1 - 2.0 * cross1[c]);
    }
}

}  // namespace
}  // namespace plateau::class2d

namespace plateau::class2d {
namespace {

// Children of the significant coarse samples, ordered by (class, fine psi, fine t): the coarse
// indices come in (k, psi, t) order, so each (k, psi) run is emitted once per child psi.
void fine_candidates(const IterationContext& ctx, const Significant& coarse, std::vector<FineCandidate>& out) {
    const PoseGrid& g = *ctx.poses;
    const std::size_t tc = static_cast<std::size_t>(g.coarse_translations());
    out.clear();
    out.reserve(coarse.indices.size() * 8);
    const std::vector<std::size_t>& idx = coarse.indices;
    for (std::size_t a = 0; a < idx.size();) {
        std::size_t b = a;
        while (b < idx.size() && idx[b] / tc == idx[a] / tc) ++b;
        const auto npsi = static_cast<std::size_t>(g.coarse_psi());
        const int k = static_cast<int>(idx[a] / tc / npsi), j = static_cast<int>(idx[a] / tc % npsi);
        for (int dpsi = 0; dpsi < 2; ++dpsi)
            for (std::size_t c = a; c < b; ++c)
                for (int dt = 0; dt < 4; ++dt) out.push_back({k, 2 * j + dpsi, 4 * static_cast<int>(idx[c] % tc) + dt});
        a = b;
    }
}

// Log weights of the candidates. They come in runs of one class and coarse psi: 4 r entries at fine
// psi 2j (r coarse translations, four children each), then the same translations at psi 2j + 1.
void fine_pass(const IterationContext& ctx, const PreparedParticle& p, EStepScratch& s,
               const std::vector<FineCandidate>& candidates, std::vector<double>& out) {
    for (std::size_t i = 0; i < candidates.size();) {
        std::size_t run = 0;
        while (i + run < candidates.size() && candidates[i + run].k == candidates[i].k &&
               candidates[i + run].psi == candidates[i].psi)
            run += 4;
        for (std::size_t c = 0; c < run; c += 4)
            fine_log_weights_pair(ctx, p, s, candidates[i].k, candidates[i].psi, candidates[i + c].t,
                                  out.data() + i + c, out.data() + i + run + c);
        i += 2 * run;
    }
}

void reset_fine_scratch(const IterationContext& ctx, EStepScratch& s) {
    const std::size_t n = ctx.pixels.count();
    const std::size_t tf = static_cast<std::size_t>(ctx.poses->fine_translations());
    const std::size_t kp = static_cast<std::size_t>(ctx.model->classes) * ctx.poses->fine_psi();
    s.fine_y.resize(tf * 2 * n);
    s.fine_y_ready.assign(tf, 0);
    s.fine_aa.resize(kp);
    s.fine_aa_ready.assign(kp, 0);
}

double circular_difference(double a, double b) {
    double d = std::fmod(a - b, 360.0);
    if (d > 180) d -= 360;
    if (d < -180) d += 360;
    return d;
}

// The reported pose, record.pmax rescaled from the most probable sample to it, and the posterior's
// spread around it.
void summarise(const IterationContext& ctx, ParticleRecord& record) {
    const PoseGrid& g = *ctx.poses;
    if (record.samples.empty()) return;
    const std::size_t top_index = reported_sample(record.samples, ctx.model->classes, ClassAssignment::best_pose);
    const ClassAssignment rule = ctx.options->class_assignment;
    const Sample& top = record.samples[top_index];
    const Sample& chosen = record.samples[rule == ClassAssignment::best_pose
                                              ? top_index
                                              : reported_sample(record.samples, ctx.model->classes, rule)];
    record.best_k = chosen.k;
    record.best_psi = chosen.psi;
    record.best_t = chosen.t;
    if (top.w > 0) record.pmax *= chosen.w / top.w;
    double psi2 = 0, t2 = 0;
    for (const Sample& s : record.samples) {
        const double dpsi = circular_difference(g.fine_psi_deg[static_cast<std::size_t>(s.psi)],
                                                g.fine_psi_deg[static_cast<std::size_t>(record.best_psi)]);
        const double dx = g.fine_tx[static_cast<std::size_t>(s.t)] - g.fine_tx[static_cast<std::size_t>(record.best_t)];
        const double dy = g.fine_ty[static_cast<std::size_t>(s.t)] - g.fine_ty[static_cast<std::size_t>(record.best_t)];
        psi2 += s.w * dpsi * dpsi;
        t2 += s.w * (dx * dx + dy * dy);
    }
    record.psi_spread_deg = std::sqrt(psi2);
    record.t_spread_px = std::sqrt(t2);
}

}  // namespace

std::size_t reported_sample(const std::vector<Sample>& samples, int classes, ClassAssignment rule) {
    int only_k = -1;
    if (rule == ClassAssignment::marginal) {
        std::vector<double> class_w(static_cast<std::size_t>(classes), -1.0);  // -1: no sample in the class
        for (const Sample& s : samples) class_w[static_cast<std::size_t>(s.k)] = std::max(class_w[static_cast<std::size_t>(s.k)], 0.0) + s.w;
        only_k = static_cast<int>(std::max_element(class_w.begin(), class_w.end()) - class_w.begin());
    }
    std::size_t best = samples.size();
    for (std::size_t i = 0; i < samples.size(); ++i)
        if ((only_k < 0 || samples[i].k == only_k) && (best == samples.size() || samples[i].w > samples[best].w))
            best = i;
    return best;
}

void expect_particle(const IterationContext& ctx, const PreparedParticle& p, EStepScratch& s, ParticleRecord& record) {
    per_pixel_weights(ctx, p, s);
    coarse_pass(ctx, p, s);
    const double fraction = ctx.options->adaptive_fraction;
    select_significant(s.log_w, fraction, ctx.options->max_significant, s.significance, s.coarse_kept);
    record.significant = static_cast<int>(s.coarse_kept.indices.size());
    reset_fine_scratch(ctx, s);
    fine_candidates(ctx, s.coarse_kept, s.candidates);
    const std::vector<FineCandidate>& candidates = s.candidates;
    s.fine_lw.resize(candidates.size());
    fine_pass(ctx, p, s, candidates, s.fine_lw);
    select_significant(s.fine_lw, fraction, 0, s.significance, s.fine_kept);
    const Significant& fine = s.fine_kept;
    double kept = 0;
    for (double w : fine.weights) kept += w;
    record.samples.clear();
    for (std::size_t i = 0; i < fine.indices.size(); ++i) {
        const FineCandidate& c = candidates[fine.indices[i]];
        record.samples.push_back({c.k, c.psi, c.t, static_cast<float>(fine.weights[i] / kept)});
    }
    record.pmax = fine.total > 0 ? 1.0 / fine.total : 0;
    const std::size_t n = ctx.pixels.count();
    const float* inv_sigma2 = ctx.inv_sigma2.data() + static_cast<std::size_t>(p.group) * n;
    double xx = 0;
    for (std::size_t j = 0; j < n; ++j) xx += 0.5 * inv_sigma2[j] * (p.xm[2 * j] * p.xm[2 * j] + p.xm[2 * j + 1] * p.xm[2 * j + 1]);
    record.log_likelihood = fine.max_log_weight + std::log(fine.total) - xx;
    summarise(ctx, record);
    const double aa = s.fine_aa[static_cast<std::size_t>(record.best_k) * ctx.poses->fine_psi() +
                                static_cast<std::size_t>(record.best_psi)];
    record.fit = aa > 0 ? (record.log_likelihood + xx) / aa : 0;
}

namespace {

// sum over [first, last) pixels of w |X|^2 - 2 Re(X S conj(C A)) + w C^2 |A|^2 (one shell's pixels).
__attribute__((target_clones("avx2,fma", "default"))) double shell_residual(const PreparedParticle& p, const float* ramp, const float* a, double wsum, std::size_t first,
                      std::size_t last) {
    double acc = 0;
#pragma omp simd reduction(+ : acc)
    for (std::size_t j = first; j < last; ++j) {
        const double xr = p.xm[2 * j], xi = p.xm[2 * j + 1], c = p.ctf[j];
        const double sr = xr * ramp[2 * j] - xi * ramp[2 * j + 1], si = xr * ramp[2 * j + 1] + xi * ramp[2 * j];
        const double ar = c * a[2 * j], ai = c * a[2 * j + 1];
        acc += wsum * (xr * xr + xi * xi) - 2.0 * (sr * ar + si * ai) + wsum * (ar * ar + ai * ai);
    }
    return acc;
}

}  // namespace

void particle_residual(const IterationContext& ctx, const PreparedParticle& p, ParticleRecord& record) {
    const std::size_t n = ctx.pixels.count();
    const int npsi = ctx.poses->fine_psi();
    record.residual.assign(static_cast<std::size_t>(ctx.pixels.size / 2), 0.0);
    std::vector<float> ramp(2 * n);
    const Sample* samples = record.samples.data();
    for (std::size_t i = 0; i < record.samples.size();) {
        std::size_t end = i;
        double wsum = 0;
        while (end < record.samples.size() && samples[end].k == samples[i].k && samples[end].psi == samples[i].psi)
            wsum += samples[end++].w;
        weighted_ramp(ctx, samples + i, samples + end, ramp.data());
        const float* a = ctx.fine_refs.data() + (static_cast<std::size_t>(samples[i].k) * npsi + samples[i].psi) * 2 * n;
        for (std::size_t j = 0; j < n;) {  // pixels come ordered by shell
            std::size_t stop = j;
            while (stop < n && ctx.pixels.shell[stop] == ctx.pixels.shell[j]) ++stop;
            record.residual[static_cast<std::size_t>(ctx.pixels.shell[j])] += shell_residual(p, ramp.data(), a, wsum, j, stop);
            j = stop;
        }
        i = end;
    }
}

}  // namespace plateau::class2d
