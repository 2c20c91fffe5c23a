// Resolution and image sizes (resolution.hpp).
#include "class2d/resolution.hpp"

#include <algorithm>
#include <cmath>

namespace plateau::class2d {

int ssnr_shell(const std::vector<double>& ssnr) {
    // RELION 3.1 (updateCurrentResolution): the first shell in [1, box/2) below 1, minus one.
    int r = 1;
    const int last = static_cast<int>(ssnr.size()) - 1;  // box/2
    while (r < last && ssnr[static_cast<std::size_t>(r)] >= 1.0) ++r;
    return r - 1;
}

int coarse_size_for(const ModelState& model, const Class2dOptions& options, int current_size) {
    const double extent = model.box * model.pixel_size_a;
    int coarse = 0;
    if (options.strict_highres_exp_a > 0) {
        coarse = 2 * static_cast<int>(std::lround(extent / options.strict_highres_exp_a));
    } else {
        const double resolution = (options.psi_step_deg / 360.0) * M_PI * options.particle_diameter_a / 1.5;
        coarse = 2 * static_cast<int>(std::ceil(extent / resolution));
    }
    return std::clamp(coarse, std::min(4, current_size), current_size);
}

void set_resolution_shell(ModelState& model, int shell, const Class2dOptions& options) {
    const double extent = model.box * model.pixel_size_a;
    model.best_shell = shell;
    model.current_resolution_a = extent / std::max(shell, 1);
    int size = std::min(model.box, 2 * (shell + options.incr_size));
    if (options.strict_highres_exp_a > 0)
        size = std::min(size, std::max(4, 2 * static_cast<int>(std::lround(extent / options.strict_highres_exp_a))));
    model.current_size = std::max(size, 4);
    model.coarse_size = coarse_size_for(model, options, model.current_size);
}

void update_sizes(ModelState& model, const std::vector<std::vector<double>>& ssnr, const Class2dOptions& options) {
    const double extent = model.box * model.pixel_size_a;
    int best = 0;
    model.class_resolution_a.assign(ssnr.size(), extent);
    for (std::size_t k = 0; k < ssnr.size(); ++k) {
        const int shell = ssnr_shell(ssnr[k]);
        model.class_resolution_a[k] = extent / std::max(shell, 1);
        if (model.class_prior[k] > 0) best = std::max(best, shell);
    }
    // RELION 3.1: this iteration's best class sets the size (it may shrink), never below minres_map.
    set_resolution_shell(model, std::max(best, options.minres_map), options);
}

}  // namespace plateau::class2d
