// Initialisation without --ref (em2d-peers.md §2): one pass over the particles gives the noise
// spectrum per group (mean power minus the mean image's power) and K references reconstructed,
// without prior, from the particles at a random class and psi (seeded per particle).
#pragma once

#include "class2d/fft_pool.hpp"
#include "class2d/model.hpp"

#include <vector>

namespace plateau::class2d {

void initialise_model(const ParticleSource& source, const Class2dOptions& options, const FftPool& ffts,
                      const PoseGrid& poses, ModelState& model, const ProgressCallback& on_progress);

}  // namespace plateau::class2d
