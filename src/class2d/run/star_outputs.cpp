// The particles and model STAR files (outputs.hpp), in RELION 3.1's column names and units.
#include "class2d/run/outputs.hpp"

#include "core/em/mrc_file.hpp"
#include "core/io/output_file.hpp"

#include <cstdio>

namespace plateau::class2d {

namespace {

std::string fixed(double v, int decimals = 6) {
    if (v == 0) v = 0;  // no "-0.000000"
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
}

std::string scientific(double v) {
    char text[64];
    std::snprintf(text, sizeof text, "%.6e", v);
    return text;
}

void set_column(core::em::StarLoop& loop, const std::string& name, const std::vector<std::string>& values) {
    const std::size_t c = loop.add_column(name);
    for (std::size_t r = 0; r < values.size(); ++r) loop.set(r, c, values[r]);
}

}  // namespace

std::string data_star_text(const OutputContext& context) {
    core::em::StarFile star;
    star.path = context.particles.star().path;
    for (const char* name : {"optics", "particles"}) star.blocks.push_back(*context.particles.star().find(name));
    core::em::StarLoop& loop = *star.blocks[1].loop;
    const auto& particles = context.result.particles;
    const std::size_t n = particles.size();
    std::vector<std::string> cls(n), psi(n), ox(n), oy(n), pmax(n), nsig(n), ll(n), norm(n);
    for (std::size_t i = 0; i < n; ++i) {
        const ParticleAssignment& a = particles[i];
        cls[i] = std::to_string(a.class_index);
        psi[i] = fixed(a.psi_deg), ox[i] = fixed(a.origin_x_a), oy[i] = fixed(a.origin_y_a);
        pmax[i] = fixed(a.max_probability), nsig[i] = std::to_string(a.significant_samples);
        ll[i] = scientific(a.log_likelihood), norm[i] = fixed(a.norm_correction);
    }
    set_column(loop, "rlnAnglePsi", psi);
    set_column(loop, "rlnOriginXAngst", ox);
    set_column(loop, "rlnOriginYAngst", oy);
    set_column(loop, "rlnClassNumber", cls);
    set_column(loop, "rlnNormCorrection", norm);
    set_column(loop, "rlnLogLikeliContribution", ll);
    set_column(loop, "rlnMaxValueProbDistribution", pmax);
    set_column(loop, "rlnNrOfSignificantSamples", nsig);
    return core::em::format_star(star);
}

std::string model_star_text(const OutputContext& context, const std::string& classes_path) {
    const Class2dResult& r = context.result;
    const Class2dOptions& o = context.options.classify;
    core::em::StarBlock general{"model_general", {}, std::nullopt, 0};
    general.pairs = {{"rlnReferenceDimensionality", "2"},
                     {"rlnDataDimensionality", "2"},
                     {"rlnOriginalImageSize", std::to_string(r.box)},
                     {"rlnCurrentResolution", fixed(r.current_resolution_a)},
                     {"rlnCurrentImageSize", std::to_string(r.current_image_size)},
                     {"rlnPaddingFactor", "2.000000"},
                     {"rlnPixelSize", fixed(r.pixel_size_a)},
                     {"rlnNrClasses", std::to_string(o.classes)},
                     {"rlnNrBodies", "1"},
                     {"rlnTau2FudgeFactor", fixed(o.tau2_fudge)},
                     {"rlnSigmaOffsetsAngst", fixed(r.sigma_offset_a)},
                     {"rlnLogLikelihood", scientific(r.log_likelihood)},
                     {"rlnAveragePmax", fixed(r.average_pmax)}};
    core::em::StarBlock classes{"model_classes", {}, core::em::StarLoop{}, 0};
    classes.loop->columns = {"rlnReferenceImage", "rlnClassDistribution", "rlnAccuracyRotations",
                             "rlnAccuracyTranslationsAngst", "rlnEstimatedResolution"};
    const auto at = [](const std::vector<double>& v, std::size_t k) { return k < v.size() ? v[k] : 0.0; };
    for (std::size_t k = 0; k < std::size_t(o.classes); ++k) {
        char name[32];
        std::snprintf(name, sizeof name, "%06zu@", k + 1);
        for (std::string v : {name + classes_path, fixed(at(r.class_distribution, k)), fixed(at(r.accuracy_rotation_deg, k)),
                              fixed(at(r.accuracy_translation_a, k)), fixed(at(r.class_resolution_a, k))})
            classes.loop->values.push_back(std::move(v));
    }
    core::em::StarFile model;
    model.blocks = {std::move(general), std::move(classes)};
    return core::em::format_star(model);
}

void write_outputs(const OutputPaths& paths, const OutputContext& context) {
    const Class2dResult& r = context.result;
    const core::OutputOptions stream{.sync = false, .mode = 0};
    core::OutputFile classes(paths.classes, stream), data(paths.data, stream), model(paths.model, stream);
    core::OutputFile json(paths.json, stream), html(paths.html, stream);
    classes.write(core::em::mrc_stack_bytes(r.box, r.box, std::size_t(context.options.classify.classes), r.class_averages.data(),
                                            {.pixel_size = r.pixel_size_a, .label = "plateau-class2d class averages"}));
    data.write(data_star_text(context));
    model.write(model_star_text(context, paths.classes));
    const nlohmann::json report = report_json(context, paths);
    json.write(report.dump(1) + "\n");
    html.write(report_html(report));
    for (core::OutputFile* f : {&classes, &data, &model, &json, &html}) f->commit();
}

}  // namespace plateau::class2d
