// plateau-class2d's output files (run.hpp): class averages (MRC stack), particles and model STAR
// files in RELION 3.1's layout, the JSON report and its HTML page, all committed at the end.
#pragma once

#include "class2d/run/run.hpp"
#include "core/em/particle_set.hpp"

#include <nlohmann/json.hpp>

#include <string>

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

}  // namespace plateau::class2d
