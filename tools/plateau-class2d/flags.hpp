// plateau-class2d's flags, in relion_refine's spellings (--i, --o, --K, --iter, --tau2_fudge,
// --particle_diameter, --psi_step, --offset_range, --offset_step, --zero_mask, --ctf,
// --ctf_intact_first_peak, --random_seed, --j).
#pragma once

#include "class2d/run/run.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::class2d_cli {

struct Class2dFlags {
    class2d::RunOptions options;
    std::string fast = "auto";  // --fast: auto, on (also a bare --fast) or off
    bool no_fast = false;       // --no-fast
    std::string class_assignment = "marginal";  // --class_assignment: marginal or best_pose
};

/// Binds the flags to `flags`.
void add_class2d_flags(CLI::App& app, Class2dFlags& flags);
/// Fills flags.options from the raw flags (throws ErrorCode::Usage).
void finish_class2d_flags(Class2dFlags& flags);

}  // namespace plateau::class2d_cli
