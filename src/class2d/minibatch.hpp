// The fast mode for large sets (docs/class2d.md "Fast mode"): mini-batch EM as cryoSPARC runs its
// "online-EM" iterations (em2d-peers.md §10). Every iteration but the last `full_iterations` runs the
// same E-step and M-step on a random subset of the particles (Class2dOptions::FastSchedule), whose
// size grows as VDAM's does in RELION 5 (small for the first 30 % of the mini-batch iterations,
// large for the last 20 %, a linear ramp between); the last iterations use every particle. The
// subsets depend only on the seed, the iteration and the particle count, so the result is the same
// at any --j and rank count.
#pragma once

#include "class2d/classify.hpp"

#include <cstddef>
#include <vector>

namespace plateau::class2d {

// Particles used in `iteration` (1-based): the whole set when not options.fast or in the last
// options.fast_schedule.full_iterations iterations. The defaults: cryoSPARC's batch of 100 particles
// per class at first, 300 at the end, at least 1,000.
std::size_t minibatch_size(std::size_t particles, const Class2dOptions& options, int iteration);

// `size` particle indices drawn without replacement (seed and iteration decide), ascending.
std::vector<std::size_t> minibatch_indices(std::size_t particles, std::size_t size, std::uint64_t seed,
                                           int iteration);

// The particles `indices` (ascending) of `source` as a source of their own; reads go to `source`
// in runs of consecutive particles. `source` must outlive the result.
ParticleSource subset_source(const ParticleSource& source, const std::vector<std::size_t>& indices);

}  // namespace plateau::class2d
