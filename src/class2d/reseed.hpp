// Re-seeding of classes that emptied (docs/class2d.md, "Empty classes"). RELION 3.1 lets a class
// whose prior falls towards zero stay empty, so K - 1 classes share the data and two true views can
// stay merged; RELION 5 (VDAM) and cryoSPARC re-seed such classes. Here, after an iteration's
// M-step, the smallest class below `reseed_fraction / K` of the particles takes over the worse-fitting
// half of the largest class: the largest class's members are ranked by how much of their class's
// reference they explain (ParticleState::fit, from the E-step), the lower half is reconstructed
// into the small class and the upper half into the largest, both at the members' best poses. The
// ranking and the reconstruction follow particle order, so the result is the same at any thread
// count. One class per iteration at most, and not in the last `kReseedQuietIterations` iterations.
#pragma once

#include "class2d/fft_pool.hpp"
#include "class2d/model.hpp"

#include <vector>

namespace plateau::class2d {

inline constexpr int kReseedQuietIterations = 5;

// The class to re-seed after `iteration` (0-based), or -1: the smallest class whose prior is below
// reseed_fraction / K, when the largest class is at least four times larger.
int class_to_reseed(const ModelState& model, const Class2dOptions& options, int iteration);

// Splits the largest class as described above into class `empty`; updates references, tau2,
// priors and the particles' classes. Returns the number of particles moved into `empty`.
std::size_t reseed_class(const ParticleSource& source, const Class2dOptions& options, const FftPool& ffts,
                         const PoseGrid& poses, bool use_ctf, int iteration, int empty, ModelState& model,
                         std::vector<ParticleState>& particles);

}  // namespace plateau::class2d
