// plateau-class2d's flags (flags.hpp).
#include "flags.hpp"

#include "core/error.hpp"

#include <string>

namespace plateau::class2d_cli {

void add_class2d_flags(CLI::App& app, Class2dFlags& f) {
    class2d::RunOptions& o = f.options;
    class2d::Class2dOptions& c = o.classify;
    app.add_option("--i", o.input, "Particles: a RELION 3.1 STAR file (*.star: data_optics + data_particles, "
                                   "rlnImageName NNNNNN@stack.mrcs) or one MRC stack")
        ->group("Input and output");
    app.add_option("--o", o.output, "Output prefix (Class2D/run writes Class2D/run_classes.mrcs, _data.star, _model.star, "
                                    "_report.json, _report.html), or a folder (ending in '/', or existing: <folder>/run_*)")
        ->group("Input and output");
    app.add_option("--write_iter", o.write_iter,
                   "Write the per-iteration files OUT_itNNN_classes.mrcs, _data.star, _model.star, _optimiser.star, "
                   "_sampling.star (and _state.bin for --continue) after every Nth iteration and the last (1: every "
                   "iteration, as RELION; 0: "
                   "only the final files)")
        ->capture_default_str()->group("Input and output");
    app.add_option("--continue", o.continue_from,
                   "Continue a run from one of its per-iteration files (OUT_itNNN_optimiser.star, _model.star, ...; "
                   "the EM state is read from OUT_itNNN_state.bin) up to --iter iterations in all, with the result "
                   "an uninterrupted run gives; give the original run's options again")
        ->group("Input and output");
    app.add_option("--K", c.classes, "Number of classes")->group("Classification");
    app.add_option("--iter", c.iterations, "EM iterations (no convergence test: exactly this many)")
        ->capture_default_str()->group("Classification");
    app.add_option("--tau2_fudge", c.tau2_fudge, "Regularisation T: higher trusts the data more (RELION 2D: 2)")
        ->capture_default_str()->group("Classification");
    app.add_option("--particle_diameter", c.particle_diameter_a, "Circular mask diameter in Angstrom")->group("Classification");
    app.add_flag("--zero_mask", c.zero_mask, "Fill the area outside the mask with zeros instead of noise")->group("Classification");
    app.add_option("--psi_step", c.psi_step_deg, "In-plane angular step of the coarse search, degrees (fine pass: half)")
        ->capture_default_str()->group("Sampling");
    app.add_option("--offset_range", c.offset_range_px, "Translation search radius, pixels")
        ->capture_default_str()->group("Sampling");
    app.add_flag("--offset_memory", c.offset_memory,
                 "Centre each particle's translation search on its previous offset, as RELION 3.1 does (follows "
                 "particles further off-centre than --offset_range, but a particle placed at a wrong offset stays "
                 "near it); by default the search is centred on the box centre in every iteration")
        ->group("Sampling");
    app.add_option("--offset_step", c.offset_step_px, "Translation step of the coarse search, pixels (fine pass: half)")
        ->capture_default_str()->group("Sampling");
    app.add_flag("--ctf", o.ctf, "CTF in the likelihood (needs the STAR file's rlnDefocusU/V/Angle and the optics "
                                 "rlnVoltage, rlnSphericalAberration, rlnAmplitudeContrast)")->group("CTF");
    app.add_flag("--ctf_intact_first_peak", c.ctf_intact_first_peak, "Ignore the CTF until its first peak")->group("CTF");
    app.add_option("--reseed_fraction", c.reseed_fraction,
                   "Re-seed a class holding less than this fraction of N/K particles with the worse-fitting half "
                   "of the largest class (not in the last 5 iterations; 0: never, as RELION 3.1)")
        ->capture_default_str()->group("Classification");
    app.add_option("--duplicate_cc", c.duplicate_cc,
                   "Re-seed the smaller of two classes whose references agree to this aligned correlation "
                   "(rotations and shifts, at the coarse search's resolution) with the worse-fitting half of the "
                   "largest class, while that class holds at least 1.5 N/K particles (not in the last 5 "
                   "iterations; 0: never)")
        ->capture_default_str()->group("Classification");
    app.add_option("--class_assignment", f.class_assignment,
                   "How each particle's class is chosen: marginal (the class with the largest posterior summed over "
                   "psi and offsets; its psi and origin are the most probable within it) or best_pose (the class of "
                   "the single most probable pose, as RELION 3.1)")
        ->check(CLI::IsMember({"marginal", "best_pose"}))->capture_default_str()->group("Classification");
    app.add_option("--random_seed,--seed", c.seed, "Seed of the random initial classes (same seed, same result at any --j)")
        ->capture_default_str()->group("Run");
    app.add_option("--block_particles", c.block_particles,
                   "Particles per block: their class sums are added to the references in one piece (the unit an "
                   "MPI rank takes); read and E-stepped in chunks of 16 per thread. The block size, unlike --j and "
                   "the rank count, changes the last bits of the sums")
        ->capture_default_str()->group("Run");
    app.add_option("--fast", f.fast,
                   "Fast mode for large sets (mini-batch EM iterations, then 2 on every particle): auto (the "
                   "default: on from 20,000 particles), on (also a bare --fast) or off")
        ->expected(0, 1)->default_str("on")->group("Run");
    app.add_flag("--no-fast", f.no_fast, "Full EM in every iteration, whatever the particle count (--fast off)")
        ->group("Run");
}

void finish_class2d_flags(Class2dFlags& f) {
    if (f.no_fast) {
        if (f.fast == "on") throw_usage_error("--fast and --no-fast contradict each other");
        f.fast = "off";
    }
    f.options.classify.class_assignment =
        f.class_assignment == "best_pose" ? class2d::ClassAssignment::best_pose : class2d::ClassAssignment::marginal;
    if (f.fast == "auto") f.options.fast = class2d::FastMode::automatic;
    else if (f.fast == "on") f.options.fast = class2d::FastMode::on;
    else if (f.fast == "off") f.options.fast = class2d::FastMode::off;
    else throw_usage_error("--fast '" + f.fast + "': expected auto, on or off");
}

}  // namespace plateau::class2d_cli
