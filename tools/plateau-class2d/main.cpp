// plateau-class2d: reference-free 2D classification of cryo-EM particles (RELION 3.1's maximum-
// likelihood EM). This file names the tool, binds the flags (flags.cpp) and calls the library.
#include "core/cli/tool.hpp"
#include "flags.hpp"

#include <string>

int main(int argc, char** argv) {
    namespace cli = plateau::core::cli;
    namespace c2d = plateau::class2d;
    plateau::class2d_cli::Class2dFlags flags;
    c2d::RunOptions& options = flags.options;
    cli::ToolSpec spec;
    spec.name = "plateau-class2d";
    spec.module = "class2d";
    spec.description =
        "NAME\n"
        "  plateau-class2d - reference-free 2D classification of cryo-EM particles\n\n"
        "SYNOPSIS\n"
        "  plateau-class2d --i particles.star|stack.mrcs --o OUT --K N --particle_diameter D [options]\n\n"
        "DESCRIPTION\n"
        "  Sorts particle images into K classes and aligns them (in-plane angle and translation) by\n"
        "  maximum-likelihood expectation-maximisation in Fourier space, as relion_refine does without\n"
        "  --ref: random-subset starting classes, noise spectrum per group, CTF in the likelihood (--ctf),\n"
        "  significance pruning of poses, image size growing with resolution. Flags use relion_refine's\n"
        "  spellings and units. Particles are read on demand from their stacks, never all in memory.\n"
        "  Relative stack paths in a STAR file are read from the working directory (as RELION does),\n"
        "  then from the STAR file's folder.\n\n"
        "OUTPUTS (RELION 3.1 layout; each file written under a temporary name, renamed when complete)\n"
        "  OUT_classes.mrcs   K class averages (MRC mode 2)\n"
        "  OUT_data.star      the input STAR, every column kept, plus rlnClassNumber, rlnAnglePsi,\n"
        "                     rlnOriginXAngst/YAngst, rlnMaxValueProbDistribution, rlnNrOfSignificantSamples,\n"
        "                     rlnLogLikeliContribution, rlnNormCorrection\n"
        "  OUT_model.star     data_model_general, data_model_classes (rlnReferenceImage, rlnClassDistribution,\n"
        "                     rlnAccuracyRotations, rlnAccuracyTranslationsAngst, rlnEstimatedResolution)\n"
        "  OUT_report.json    versioned report with the per-iteration log; OUT_report.html: gallery and table\n"
        "  OUT_itNNN_classes.mrcs, OUT_itNNN_data.star, OUT_itNNN_model.star, OUT_itNNN_optimiser.star,\n"
        "  OUT_itNNN_sampling.star\n"
        "                     after iteration NNN (zero-padded to 3 digits), as relion_refine writes them;\n"
        "                     every iteration by default, every Nth and the last with --write_iter N, none\n"
        "                     with --write_iter 0. The last iteration's classes and data equal the final files.\n"
        "  OUT_itNNN_state.bin the exact EM state after iteration NNN (binary, plateau-specific), which\n"
        "                     --continue OUT_itNNN_optimiser.star starts from";
    spec.footer = "EXAMPLES\n"
                  "  plateau-class2d --i Extract/particles.star --o Class2D/run --K 50 --particle_diameter 180 --ctf --j 8\n"
                  "  plateau-class2d --i stack.mrcs --o out/ --K 4 --iter 25 --particle_diameter 130 --zero_mask\n"
                  "  plateau-class2d --i stack.mrcs --o out/ --K 4 --iter 40 --particle_diameter 130 --zero_mask \\\n"
                  "      --continue out/run_it025_optimiser.star     (15 more iterations)\n\n"
                  "EXIT STATUS\n"
                  "  0 success; 1 bad input (an MRC or STAR error names the file and line) or I/O error, no output\n"
                  "  left behind; 2 invalid options. The same --random_seed gives the same output at any --j.";
    spec.threads_flag = "-t,--threads,--j";
    spec.default_threads = 1;
    return cli::run_tool(
        argc, argv, spec, [&](CLI::App& app) { plateau::class2d_cli::add_class2d_flags(app, flags); },
        [&](const cli::RunContext& run) -> std::string {
            plateau::class2d_cli::finish_class2d_flags(flags);
            options.classify.threads = run.threads;
            options.progress = run.progress;
            options.command_line = run.command_line;
            c2d::validate(options);
            const c2d::RunSummary s = c2d::run(options);
            return std::to_string(s.particles) + " particles, " + std::to_string(s.classes) + " classes, " +
                   std::to_string(s.iterations) + " iterations, resolution " + std::to_string(s.resolution_a) + " A";
        });
}
