// Re-seeding of classes that emptied (docs/class2d.md, "Empty classes"). RELION 3.1 lets a class
// whose prior falls towards zero stay empty, so K - 1 classes share the data and two true views can
// stay merged; RELION 5 (VDAM) and cryoSPARC re-seed such classes. Here, after an iteration's
// M-step, the smallest class below `reseed_fraction / K` of the particles takes over the worse-fitting
// half of the largest class: the largest class's members are ranked by how much of their class's
// reference they explain (ParticleState::fit, from the E-step), the lower half is reconstructed
// into the small class and the upper half into the largest, both at the members' best poses. The
// ranking and the reconstruction follow particle order, so the result is the same at any thread
// count. One class per iteration at most, and not in the last `kReseedQuietIterations` iterations.
// The same split re-seeds the smaller of two duplicate classes (duplicate_to_reseed below).
#pragma once

#include "class2d/fft_pool.hpp"
#include "class2d/model.hpp"

#include <vector>

namespace plateau::class2d {

inline constexpr int kReseedQuietIterations = 5;

// The class to re-seed after `iteration` (0-based), or -1: the smallest class whose prior is below
// reseed_fraction / K, when the largest class is at least four times larger.
int class_to_reseed(const ModelState& model, const Class2dOptions& options, int iteration);

// Two classes that hold one view between them (EM's split-and-merge local optimum: one view split
// in two classes while another class holds two views) are found by their references: the
// normalised correlation of the coarse pass's rotated references (pixels beyond shell 0, at the
// coarse image size), best over the coarse psi steps and translations of the pose grid.
struct DuplicatePair {
    int smaller = -1, larger = -1;  // 0-based; smaller = -1 when no pair qualifies
    double cc = 0;
};

// Best aligned correlation between the references of classes k and l (ctx built for the model).
double aligned_correlation(const IterationContext& ctx, int k, int l);

// The most correlated pair of classes when its correlation reaches options.duplicate_cc, the
// largest class holds at least 1.5 / K of the particles, and `iteration` is outside the last
// kReseedQuietIterations; the smaller of the pair is the class to re-seed.
DuplicatePair duplicate_to_reseed(const IterationContext& ctx, const Class2dOptions& options, int iteration);

// Whether duplicate_to_reseed may find a pair (option, iteration and crowding tests only), so
// that the context it needs is built only then.
bool duplicate_check_due(const ModelState& model, const Class2dOptions& options, int iteration);

// Splits the largest class as described above into class `empty`; updates references, tau2,
// priors and the particles' classes. Returns the number of particles moved into `empty`.
std::size_t reseed_class(const ParticleSource& source, const Class2dOptions& options, const FftPool& ffts,
                         const PoseGrid& poses, bool use_ctf, int iteration, int empty, ModelState& model,
                         std::vector<ParticleState>& particles);

}  // namespace plateau::class2d
