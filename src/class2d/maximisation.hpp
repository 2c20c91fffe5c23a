// The M-step (em2d-peers.md §7): weighted sums over particles, then new references (regularised by
// tau2), class priors, translation prior and the noise spectrum per group. Every sum is made in a
// fixed order (particles in input order within each class-psi bucket and within each scalar sum),
// so the result does not depend on the thread count.
#pragma once

#include "class2d/expectation.hpp"
#include "class2d/projector.hpp"

#include <vector>

namespace plateau::class2d {

struct IterationSums {
    std::vector<double> class_weight, class_wx_a, class_wy_a;  // per class: sum w, sum w t_abs
    double offset_sq_sum_a2 = 0;                              // sum w |t_abs - prior_k|^2
    std::vector<std::vector<double>> residual;                 // [group][shell]
    std::vector<std::vector<double>> power;                    // [group][shell]: masked image power
    std::vector<double> group_count;
    std::vector<double> class_psi_spread, class_t_spread_px;  // sums of posterior spreads per best class
    std::vector<double> class_members;
    double log_likelihood = 0, pmax_sum = 0;
    std::size_t particles = 0, changed = 0;
    void reset(int classes, int groups, int shells);
};

// One block's class-psi bucket sums: bucket = class * fine_psi + psi (ascending, non-empty only),
// data (interleaved, 2 * pixels) and weight (pixels) per bucket.
struct BlockBuckets {
    std::vector<int> bucket;
    std::vector<std::vector<double>> data, weight;
};

// Class-psi bucket sums carried over the chunks of one block (particle_blocks.hpp): every bucket adds
// its particles in input order, so a block summed chunk by chunk gives the bytes of the whole block.
struct BucketSums {
    std::vector<std::vector<double>> data, weight;  // [class * fine_psi + psi]; empty: no sample yet
};

// Adds a chunk's samples to the bucket sums (parallel over buckets).
void add_chunk_to_buckets(const IterationContext& ctx, const std::vector<PreparedParticle>& prepared,
                          const std::vector<ParticleRecord>& records, std::size_t count, int threads,
                          BucketSums& sums);

// The block's non-empty buckets, ascending; leaves `sums` empty for the next block.
BlockBuckets take_block_buckets(BucketSums& sums);

// The bucket sums of particles held at once (parallel over buckets; each in particle order).
BlockBuckets block_bucket_sums(const IterationContext& ctx, const std::vector<PreparedParticle>& prepared,
                               const std::vector<ParticleRecord>& records, std::size_t count, int threads);

// Adds bucket sums into the class back-projectors (parallel over classes, psi order within a class).
void add_block_buckets(const IterationContext& ctx, const BlockBuckets& buckets, std::vector<BackProjector>& classes,
                       int threads);

// Adds a block's per-particle scalars (input order) and updates the particle states.
void add_block_sums(const IterationContext& ctx, const std::vector<PreparedParticle>& prepared,
                    const std::vector<ParticleRecord>& records, std::size_t first, std::size_t count,
                    std::vector<ParticleState>& states, std::vector<ParticleAssignment>& assignments,
                    IterationSums& sums);

// Psi in (-180, 180], as RELION writes rlnAnglePsi.
double wrap_psi(double psi_deg);

// New pi_k, translation prior centres and sigma, and sigma2 per group from the sums.
void update_priors_and_noise(ModelState& model, const IterationSums& sums, int current_size);

// New references from the back-projectors (regularised with the current tau2, then solvent-
// flattened when regularise); returns per class the SSNR per shell (data_vs_prior) used for the
// resolution. tau2 is left for update_tau2 once the next image size is known.
std::vector<std::vector<double>> update_references(ModelState& model, std::vector<BackProjector>& classes,
                                                   const FftPool& ffts, const Class2dOptions& options,
                                                   int current_size, bool regularise);

// tau2 per class for the next E-step, as RELION 3.1's expectationSetup takes it: from the
// references at the new current_size (reference_tau2).
void update_tau2(ModelState& model, const FftPool& ffts, int threads);

}  // namespace plateau::class2d
