// The E-step of one particle: preparation (prior offset, mask, transforms, CTF) and the two-pass
// search over classes x psi x translations with significance pruning (em2d-peers.md §4–§6).
#pragma once

#include "class2d/fft_pool.hpp"
#include "class2d/model.hpp"
#include "class2d/significance.hpp"

#include <vector>

namespace plateau::class2d {

// One particle's transforms at the iteration's pixel set.
struct PreparedParticle {
    std::vector<float> xm, xu;    // masked / unmasked image, interleaved re/im (2 * pixels)
    std::vector<float> ctf;       // CTF per pixel (1 without CTF)
    std::vector<double> power;    // masked image power per shell 0..box/2 over the whole half-plane
    std::vector<double> ctf2;     // mean CTF^2 per shell (initialisation only)
    int group = 0;
    double rounded_x_px = 0, rounded_y_px = 0;  // prior offset applied in real space
};

struct Sample {
    int k = 0, psi = 0, t = 0;  // class, fine psi index, fine translation index (-1: no shift)
    float w = 0;                // normalised posterior weight
};

struct ParticleRecord {
    std::vector<Sample> samples;  // kept fine samples, sorted by (k, psi, t)
    int best_k = 0, best_psi = 0, best_t = 0;
    double pmax = 0, log_likelihood = 0, psi_spread_deg = 0, t_spread_px = 0;
    int significant = 0;
    // How well the best reference explains the particle: (log-likelihood + sum |X|^2/(2 sigma^2)) /
    // (sum CTF^2 |A|^2/(2 sigma^2)) at the best class and psi, about 2 rho - 1 for a normalised
    // correlation rho; ranks a class's members for re-seeding (reseed.hpp).
    double fit = 0;
    std::vector<double> residual;  // per shell < current_size/2: sum of w |X - CTF A|^2
};

// A fine sample to score: class, fine psi index, fine translation index.
struct FineCandidate {
    int k, psi, t;
};

// Scratch memory one thread reuses across particles (tens of thousands of samples a particle at
// low SNR: allocating them anew for each particle costs page faults and system time).
struct EStepScratch {
    std::vector<float> image, rolled, fft_real, noise;
    std::vector<cfloat> transform;
    std::vector<float> inv2s, cw2, coarse_y, fine_y, fine_aa;
    std::vector<char> fine_y_ready, fine_aa_ready;
    std::vector<double> log_w, fine_lw;
    std::vector<FineCandidate> candidates;
    SignificanceScratch significance;
    Significant coarse_kept, fine_kept;
};

// The sample a particle is reported at (class, psi, translation): the most probable sample of the
// class whose samples' weights sum highest (marginal), or the most probable sample (best_pose). Ties go
// to the lower class, then the earlier sample. samples must not be empty.
std::size_t reported_sample(const std::vector<Sample>& samples, int classes, ClassAssignment rule);

// A whole-pixel shift applied to a particle's image before its search: the search disc's centre.
struct PixelShift {
    int x = 0, y = 0;
};

// The particle's previous offset rounded to whole pixels (RELION 3.1's search centre).
PixelShift rounded_offset(const ParticleState& state, double pixel_size_a);

// Where the E-step centres a particle's translation search: its rounded previous offset under
// --offset_memory, else the box centre.
PixelShift search_centre(const Class2dOptions& options, const ParticleState& state, double pixel_size_a);

// The particle's transforms (unmasked for the sums, masked for the likelihood), image power and CTF,
// with the image shifted by `centre` first.
void prepare_particle(const IterationContext& ctx, const FftPool& ffts, const float* image, std::size_t index,
                      PixelShift centre, int group, const CtfParams* ctf, EStepScratch& scratch,
                      PreparedParticle& out);

void expect_particle(const IterationContext& ctx, const PreparedParticle& particle, EStepScratch& scratch,
                     ParticleRecord& record);

// Fills record.residual from the kept samples (sigma2 update).
void particle_residual(const IterationContext& ctx, const PreparedParticle& particle, ParticleRecord& record);

// sum_t w_t exp(-2 pi i f.t) for samples[first, last) (all of one class and psi), interleaved.
void weighted_ramp(const IterationContext& ctx, const Sample* first, const Sample* last, float* out);

}  // namespace plateau::class2d
