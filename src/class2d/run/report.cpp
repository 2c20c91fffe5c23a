// The JSON report and its HTML page (outputs.hpp). Everything the page draws is in the JSON,
// the class images included (PNG data URIs).
#include "class2d/run/outputs.hpp"

#include "core/report/html.hpp"
#include "core/report/json.hpp"
#include "core/report/png.hpp"
#include "core/report/run_envelope.hpp"
#include "core/report/svg_plot.hpp"

#include <algorithm>

namespace plateau::class2d {

namespace {

namespace html = core::html;

nlohmann::json iteration_json(const IterationRecord& r) {
    return {{"iteration", r.iteration},           {"log_likelihood", r.log_likelihood},
            {"class_distribution", r.class_distribution}, {"resolution_angstrom", r.resolution_a},
            {"image_size", r.image_size},         {"changed_assignments", r.changed_assignments},
            {"average_pmax", r.average_pmax},     {"sigma_offset_angstrom", r.sigma_offset_a},
            {"reseeded_class", r.reseeded_class}, {"reseeded_particles", r.reseeded_particles},
            {"reseeded_twin", r.reseeded_twin},   {"reseeded_twin_cc", r.reseeded_twin_cc},
            {"particles", r.particles},         {"seconds", r.seconds}};
}

nlohmann::json classes_json(const OutputContext& c) {
    const Class2dResult& r = c.result;
    const std::size_t pixels = std::size_t(r.box) * std::size_t(r.box);
    std::vector<std::size_t> members(std::size_t(c.options.classify.classes), 0);
    for (const ParticleAssignment& a : r.particles)
        if (a.class_index >= 1 && std::size_t(a.class_index) <= members.size()) ++members[std::size_t(a.class_index - 1)];
    const auto at = [](const std::vector<double>& v, std::size_t k) { return k < v.size() ? v[k] : 0.0; };
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t k = 0; k < members.size(); ++k) {
        const float* image = r.class_averages.data() + k * pixels;
        const std::string png = core::png::encode_gray(r.box, r.box, core::png::to_gray(image, pixels));
        out.push_back({{"class", k + 1},
                       {"particles", members[k]},
                       {"distribution", at(r.class_distribution, k)},
                       {"resolution_angstrom", at(r.class_resolution_a, k)},
                       {"accuracy_rotation_degrees", at(r.accuracy_rotation_deg, k)},
                       {"accuracy_translation_angstrom", at(r.accuracy_translation_a, k)},
                       {"image_png", core::png::data_uri(png)}});
    }
    return out;
}

nlohmann::json options_json(const RunOptions& o) {
    const Class2dOptions& c = o.classify;
    return {{"classes", c.classes},          {"iterations", c.iterations},
            {"tau2_fudge", c.tau2_fudge},    {"particle_diameter_angstrom", c.particle_diameter_a},
            {"psi_step_degrees", c.psi_step_deg}, {"offset_range_pixels", c.offset_range_px},
            {"offset_step_pixels", c.offset_step_px}, {"offset_memory", c.offset_memory}, {"zero_mask", c.zero_mask},
            {"ctf", o.ctf},                  {"ctf_intact_first_peak", c.ctf_intact_first_peak},
            {"seed", c.seed},                {"threads", c.threads},
            {"fast", o.fast == FastMode::on ? "on" : o.fast == FastMode::off ? "off" : "auto"},
            {"fast_mode_used", c.fast},      {"block_particles", c.block_particles},
            {"reseed_fraction", c.reseed_fraction}, {"duplicate_cc", c.duplicate_cc},
            {"class_assignment", c.class_assignment == ClassAssignment::marginal ? "marginal" : "best_pose"},
            {"write_iter", o.write_iter},
            {"continue_from", o.continue_from}};
}

void gallery_section(std::string& out, const nlohmann::json& report) {
    html::begin_section(out, "classes", "Class averages", "Sorted by class number; grey levels stretched per image.");
    out += "<div style=\"display:flex;flex-wrap:wrap;gap:12px\">";
    const nlohmann::json* classes = core::json_path(report, {"class2d", "classes"});
    if (classes && classes->is_array()) {
        for (const nlohmann::json& c : *classes) {
            const nlohmann::json* src = core::json_child(&c, "image_png");
            out += "<figure style=\"margin:0;text-align:center\"><img width=\"128\" height=\"128\" style=\"image-rendering:pixelated\" "
                   "alt=\"class " + html::fmt_count(core::json_number(core::json_child(&c, "class"))) + "\" src=\"" +
                   (src && src->is_string() ? src->get<std::string>() : std::string()) + "\"><figcaption>" +
                   html::fmt_count(core::json_number(core::json_child(&c, "class"))) + ": " +
                   html::fmt_rate(core::json_number(core::json_child(&c, "distribution"))) + ", " +
                   html::fmt_count(core::json_number(core::json_child(&c, "resolution_angstrom"))) + " &Aring;</figcaption></figure>";
        }
    }
    out += "</div>";
    html::end_section(out);
}

void iteration_section(std::string& out, const nlohmann::json& report) {
    html::begin_section(out, "iterations", "Iterations");
    const nlohmann::json* its = core::json_path(report, {"class2d", "iterations"});
    std::vector<double> ll;
    out += "<table><tr><th>iteration</th><th>log-likelihood</th><th>resolution (&Aring;)</th><th>image size</th>"
           "<th>&lang;Pmax&rang;</th><th>changed classes</th><th>seconds</th></tr>";
    if (its && its->is_array()) {
        for (const nlohmann::json& it : *its) {
            const auto n = [&](const char* key) { return core::json_number(core::json_child(&it, key)); };
            ll.push_back(n("log_likelihood"));
            out += "<tr>" + html::cell(html::fmt_count(n("iteration")), true) + html::cell(html::fmt_count(n("log_likelihood")), true) +
                   html::cell(html::fmt_count(n("resolution_angstrom")), true) + html::cell(html::fmt_count(n("image_size")), true) +
                   html::cell(html::fmt_count(n("average_pmax")), true) + html::cell(html::fmt_count(n("changed_assignments")), true) +
                   html::cell(html::fmt_count(n("seconds")), true) + "</tr>";
        }
    }
    out += "</table>";
    if (ll.size() > 1) {
        core::svg::PlotFrame frame;
        frame.title = "log-likelihood per iteration";
        frame.x_label = "iteration";
        frame.y_label = "log-likelihood";
        frame.x_start = 1;
        out += core::svg::line_plot(frame, {{"log-likelihood", "#1f77b4", ll}});
    }
    html::end_section(out);
}

}  // namespace

nlohmann::json report_json(const OutputContext& c, const OutputPaths& paths) {
    nlohmann::json report;
    nlohmann::json iterations = nlohmann::json::array();
    for (const IterationRecord& r : c.result.iterations) iterations.push_back(iteration_json(r));
    report["class2d"] = {
        {"input", {{"path", c.options.input}, {"particles", c.particles.size()}, {"box", c.particles.box()},
                   {"pixel_size_angstrom", c.particles.pixel_size_a()}, {"stacks", c.particles.stack_count()}}},
        {"options", options_json(c.options)},
        {"result", {{"resolution_angstrom", c.result.current_resolution_a}, {"image_size", c.result.current_image_size},
                    {"log_likelihood", c.result.log_likelihood}, {"average_pmax", c.result.average_pmax},
                    {"sigma_offset_angstrom", c.result.sigma_offset_a}}},
        {"classes", classes_json(c)},
        {"iterations", iterations},
        {"outputs", {{"classes", paths.classes}, {"data", paths.data}, {"model", paths.model}, {"html", paths.html}}}};
    core::write_run_envelope(report, core::make_run_envelope("plateau-class2d", k_report_schema_version,
                                                             c.options.command_line, c.wall_seconds));
    return report;
}

std::string report_html(const nlohmann::json& report) {
    const double particles = core::json_number(core::json_path(report, {"class2d", "input", "particles"}));
    const double resolution = core::json_number(core::json_path(report, {"class2d", "result", "resolution_angstrom"}));
    const std::string meta = html::fmt_count(particles) + " particles &middot; resolution " + html::fmt_count(resolution) + " &Aring;";
    return html::render_page(report, "plateau-class2d report", meta, {{"classes", "Class averages"}, {"iterations", "Iterations"}},
                             "plateau-class2d", [&](std::string& out) {
                                 gallery_section(out, report);
                                 iteration_section(out, report);
                             });
}

}  // namespace plateau::class2d
