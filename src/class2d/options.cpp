// Validation of Class2dOptions and ParticleSource: every message names the option, value and range.
#include "class2d/classify.hpp"

#include "core/error.hpp"

#include <cmath>
#include <sstream>
#include <string>

namespace plateau::class2d {
namespace {

template <typename T>
void require(bool ok, const char* name, T value, const char* range) {
    if (ok) return;
    std::ostringstream message;
    message << name << " = " << value << " is out of range (" << range << ")";
    throw_usage_error(message.str());
}

}  // namespace

void ParticleSource::validate() const {
    require(box >= 8 && box % 2 == 0 && box <= 4096, "box size", box, "an even number of pixels, 8 to 4096");
    require(std::isfinite(pixel_size_a) && pixel_size_a > 0, "pixel size", pixel_size_a, "Å per pixel, > 0");
    require(count >= 1, "particle count", count, ">= 1");
    require(ctf.empty() || ctf.size() == count, "CTF entries", ctf.size(), "none, or one per particle");
    require(group.empty() || group.size() == count, "group entries", group.size(), "none, or one per particle");
    for (int g : group) require(g >= 0, "group index", g, ">= 0");
    if (!read) throw_usage_error("particle source has no read function");
}

void Class2dOptions::validate() const {
    require(classes >= 1 && classes <= 10000, "--K", classes, "1 to 10000");
    require(iterations >= 1 && iterations <= 1000, "--iter", iterations, "1 to 1000");
    require(tau2_fudge > 0 && std::isfinite(tau2_fudge), "--tau2_fudge", tau2_fudge, "> 0");
    require(particle_diameter_a > 0 && std::isfinite(particle_diameter_a), "--particle_diameter",
            particle_diameter_a, "Å, > 0");
    require(offset_range_px >= 0 && offset_range_px <= 100, "--offset_range", offset_range_px, "0 to 100 pixels");
    require(offset_step_px > 0 && offset_step_px <= 50, "--offset_step", offset_step_px, "> 0 to 50 pixels");
    require(psi_step_deg >= 0.5 && psi_step_deg <= 90, "--psi_step", psi_step_deg, "0.5 to 90 degrees");
    require(sigma_offset_a > 0 && std::isfinite(sigma_offset_a), "--offset", sigma_offset_a, "Å, > 0");
    require(adaptive_fraction > 0 && adaptive_fraction <= 1, "--adaptive_fraction", adaptive_fraction, "(0, 1]");
    require(reseed_fraction >= 0 && reseed_fraction <= 1, "--reseed_fraction", reseed_fraction, "0 to 1");
    require(duplicate_cc >= 0 && duplicate_cc <= 1, "--duplicate_cc", duplicate_cc, "0 to 1");
    require(max_significant >= 0, "--maxsig", max_significant, ">= 0");
    require(incr_size >= 0 && incr_size <= 1000, "--incr_size", incr_size, "0 to 1000");
    require(minres_map >= 0 && minres_map <= 1000, "--minres_map", minres_map, "0 to 1000");
    require(strict_highres_exp_a >= 0, "--strict_highres_exp", strict_highres_exp_a, ">= 0 Å");
    require(mask_edge_px >= 0 && mask_edge_px <= 100, "--maskedge", mask_edge_px, "0 to 100 pixels");
    require(threads >= 1 && threads <= 1024, "--j", threads, "1 to 1024");
    require(block_particles >= 1, "block size", block_particles, ">= 1");
    require(fast_schedule.full_iterations >= 1, "fast-mode full iterations", fast_schedule.full_iterations, ">= 1");
    require(fast_schedule.per_class_first >= 1 && fast_schedule.per_class_last >= fast_schedule.per_class_first,
            "fast-mode batch per class", fast_schedule.per_class_last, ">= the first batch's, >= 1");
}

}  // namespace plateau::class2d
