// Builds the per-iteration context: pixel sets, rotated references for both passes, phase ramps and
// inverse noise per pixel (made once per iteration, shared by all particles).
#pragma once

#include "class2d/fft_pool.hpp"
#include "class2d/model.hpp"

namespace plateau::class2d {

IterationContext make_context(const ModelState& model, const PoseGrid& poses, const Class2dOptions& options,
                              const FftPool& ffts, bool use_ctf, int iteration);

// Fills the lattice tables (fine_tx_index .. ramp_y) of a context whose pixels are set.
void make_lattice_ramps(const PoseGrid& poses, IterationContext& ctx);

}  // namespace plateau::class2d
