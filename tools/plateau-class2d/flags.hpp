// plateau-class2d's flags, in relion_refine's spellings (--i, --o, --K, --iter, --tau2_fudge,
// --particle_diameter, --psi_step, --offset_range, --offset_step, --zero_mask, --ctf,
// --ctf_intact_first_peak, --random_seed, --j).
#pragma once

#include "class2d/run/run.hpp"

#include <CLI/CLI.hpp>

namespace plateau::class2d_cli {

/// Binds the flags to `options`.
void add_class2d_flags(CLI::App& app, class2d::RunOptions& options);

}  // namespace plateau::class2d_cli
