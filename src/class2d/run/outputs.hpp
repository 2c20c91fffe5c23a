// plateau-class2d's output files (run.hpp): class averages (MRC stack), particles and model STAR
// files in RELION 3.1's layout, the JSON report and its HTML page, all committed at the end; the
// per-iteration files (iteration_files.cpp).
#pragma once

#include "class2d/run/run.hpp"
#include "core/em/particle_set.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace plateau::class2d {

inline constexpr int k_report_schema_version = 1;

struct OutputContext {
    const core::em::ParticleSet& particles;
    const RunOptions& options;
    const Class2dResult& result;
    double wall_seconds = 0;
};

/// The input STAR (optics + particles, every input column kept) with the assignment columns
/// rlnClassNumber, rlnAnglePsi, rlnOriginXAngst/YAngst, rlnMaxValueProbDistribution,
/// rlnNrOfSignificantSamples, rlnLogLikeliContribution, rlnNormCorrection set per particle.
[[nodiscard]] std::string data_star_text(const OutputContext& context);
/// data_model_general and data_model_classes (rlnReferenceImage "NNNNNN@<classes.mrcs>").
[[nodiscard]] std::string model_star_text(const OutputContext& context, const std::string& classes_path);
/// The JSON report: run envelope, input, options, classes (with PNG images), iterations, outputs.
[[nodiscard]] nlohmann::json report_json(const OutputContext& context, const OutputPaths& paths);
/// The self-contained HTML page drawn from the JSON report.
[[nodiscard]] std::string report_html(const nlohmann::json& report);

/// Writes the five outputs under temporary names and renames them only when all are written.
void write_outputs(const OutputPaths& paths, const OutputContext& context);

/// "<prefix>_itNNN" as RELION names an iteration's files (NNN: at least 3 digits, zero-padded).
[[nodiscard]] std::string iteration_prefix(const std::string& prefix, int iteration);
/// Whether iteration i of n writes its files at --write_iter `every`: every Nth and the last (0: none).
[[nodiscard]] bool iteration_wanted(int iteration, int iterations, int every);
/// data_optimiser_general as RELION 3.1 writes it (what a continued run needs to find the others).
[[nodiscard]] std::string optimiser_star_text(const OutputContext& context, const std::string& prefix, int iteration);
/// data_sampling_general: the in-plane and translational sampling (offsets in Å).
[[nodiscard]] std::string sampling_star_text(const OutputContext& context);
/// <prefix>_itNNN_classes.mrcs, _data.star, _model.star, _optimiser.star, _sampling.star and
/// _state.bin (the EM state, classify.hpp Checkpoints) for the iteration
/// context.result.iterations.back(), each under a temporary name renamed when all are written.
void write_iteration_files(const std::string& prefix, const OutputContext& context, const std::vector<char>& state);
/// The iteration root ("Class2D/run_it002") of a --continue argument: any of its _optimiser.star,
/// _model.star, _data.star, _sampling.star, _classes.mrcs or _state.bin files (Usage error otherwise).
[[nodiscard]] std::string continue_root(const std::string& argument);

}  // namespace plateau::class2d
