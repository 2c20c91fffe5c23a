// The per-iteration files (outputs.hpp): <prefix>_itNNN_classes.mrcs, _data.star, _model.star,
// _optimiser.star and _sampling.star, the five RELION 3.1's MlOptimiser::write leaves after every
// iteration of a 2D classification, and _state.bin, the exact EM state --continue starts from.
#include "class2d/run/outputs.hpp"

#include "core/em/mrc_file.hpp"
#include "core/em/star_file.hpp"
#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/version.hpp"

#include <cmath>
#include <cstdio>
#include <string_view>

namespace plateau::class2d {

namespace {

std::string number(double v) {
    if (v == 0) v = 0;  // no "-0"
    char text[64];
    std::snprintf(text, sizeof text, "%.6f", v);
    return text;
}

std::string flag(bool v) { return v ? "1" : "0"; }

std::string general_block_text(const std::string& name, std::vector<std::pair<std::string, std::string>> pairs) {
    core::em::StarFile star;
    star.blocks.push_back(core::em::StarBlock{name, std::move(pairs), std::nullopt, 0});
    return core::em::format_star(star);
}

}  // namespace

std::string iteration_prefix(const std::string& prefix, int iteration) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%03d", iteration);
    return prefix + "_it" + digits;
}

bool iteration_wanted(int iteration, int iterations, int every) {
    return every > 0 && (iteration % every == 0 || iteration == iterations);
}

std::string continue_root(const std::string& argument) {
    for (const char* suffix : {"_optimiser.star", "_model.star", "_data.star", "_sampling.star", "_classes.mrcs", "_state.bin"}) {
        const std::string_view s(suffix);
        if (argument.size() <= s.size() || argument.compare(argument.size() - s.size(), s.size(), s) != 0) continue;
        const std::string root = argument.substr(0, argument.size() - s.size());
        const std::size_t it = root.rfind("_it");
        if (it != std::string::npos && it + 3 < root.size() &&
            root.find_first_not_of("0123456789", it + 3) == std::string::npos)
            return root;
    }
    throw_usage_error("--continue " + argument +
                      ": expected a per-iteration file of a run, e.g. Class2D/run_it010_optimiser.star");
}

std::string optimiser_star_text(const OutputContext& context, const std::string& prefix, int iteration) {
    const Class2dOptions& o = context.options.classify;
    const std::string iteration_root = iteration_prefix(prefix, iteration);
    const std::string header = std::string("# plateau-class2d optimiser; version ") + k_version + "\n# " +
                               context.options.command_line + "\n\n";
    return header + general_block_text(
                        "optimiser_general",
                        {{"rlnOutputRootName", prefix},
                         {"rlnModelStarFile", iteration_root + "_model.star"},
                         {"rlnExperimentalDataStarFile", iteration_root + "_data.star"},
                         {"rlnOrientSamplingStarFile", iteration_root + "_sampling.star"},
                         {"rlnCurrentIteration", std::to_string(iteration)},
                         {"rlnNumberOfIterations", std::to_string(o.iterations)},
                         {"rlnDoSplitRandomHalves", "0"},
                         {"rlnAdaptiveOversampleOrder", "1"},
                         {"rlnAdaptiveOversampleFraction", number(o.adaptive_fraction)},
                         {"rlnRandomSeed", std::to_string(o.seed)},
                         {"rlnParticleDiameter", number(o.particle_diameter_a)},
                         {"rlnWidthMaskEdge", std::to_string(std::lround(o.mask_edge_px))},  // an integer in RELION
                         {"rlnDoZeroMask", flag(o.zero_mask)},
                         {"rlnDoSolventFlattening", flag(o.flatten_solvent)},
                         {"rlnHighresLimitExpectation", number(o.strict_highres_exp_a > 0 ? o.strict_highres_exp_a : -1)},
                         {"rlnIncrementImageSize", std::to_string(o.incr_size)},
                         {"rlnDoCorrectNorm", "0"},
                         {"rlnDoCorrectScale", "0"},
                         {"rlnDoCorrectCtf", flag(context.options.ctf)},
                         {"rlnDoIgnoreCtfUntilFirstPeak", flag(o.ctf_intact_first_peak)},
                         {"rlnMaxNumberOfPooledParticles", std::to_string(o.block_particles)}});
}

std::string sampling_star_text(const OutputContext& context) {
    const Class2dOptions& o = context.options.classify;
    const double apix = context.result.pixel_size_a;
    return general_block_text("sampling_general", {{"rlnIs3DSampling", "0"},
                                                   {"rlnIs3DTranslationalSampling", "0"},
                                                   {"rlnPsiStep", number(o.psi_step_deg)},
                                                   {"rlnOffsetRange", number(o.offset_range_px * apix)},
                                                   {"rlnOffsetStep", number(o.offset_step_px * apix)},
                                                   {"rlnSamplingPerturbInstance", number(0)},
                                                   {"rlnSamplingPerturbFactor", number(0)},
                                                   {"rlnPsiStepOriginal", number(o.psi_step_deg)},
                                                   {"rlnOffsetRangeOriginal", number(o.offset_range_px * apix)},
                                                   {"rlnOffsetStepOriginal", number(o.offset_step_px * apix)}});
}

void write_iteration_files(const std::string& prefix, const OutputContext& context, const std::vector<char>& state) {
    const Class2dResult& r = context.result;
    const int iteration = r.iterations.empty() ? 0 : r.iterations.back().iteration;
    const std::string root = iteration_prefix(prefix, iteration);
    const core::OutputOptions stream{.sync = false, .mode = 0};
    core::OutputFile classes(root + "_classes.mrcs", stream), data(root + "_data.star", stream);
    core::OutputFile model(root + "_model.star", stream), optimiser(root + "_optimiser.star", stream);
    core::OutputFile sampling(root + "_sampling.star", stream), state_file(root + "_state.bin", stream);
    classes.write(core::em::mrc_stack_bytes(r.box, r.box, std::size_t(context.options.classify.classes), r.class_averages.data(),
                                            {.pixel_size = r.pixel_size_a, .label = "plateau-class2d class averages"}));
    data.write(data_star_text(context));
    model.write(model_star_text(context, classes.path()));
    optimiser.write(optimiser_star_text(context, prefix, iteration));
    sampling.write(sampling_star_text(context));
    state_file.write(std::string_view(state.data(), state.size()));
    for (core::OutputFile* f : {&classes, &data, &model, &optimiser, &sampling, &state_file}) f->commit();
}

}  // namespace plateau::class2d
