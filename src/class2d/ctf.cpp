// CTF: gamma = -pi lambda dF s^2 + pi/2 Cs lambda^3 s^4 - atan(Q0/sqrt(1-Q0^2)) - phase shift,
// CTF = -sin(gamma) exp(-B s^2 / 4) scale (RELION ctf.h getCTF, em2d-peers.md §11.4).
#include "class2d/ctf.hpp"

#include <cmath>

namespace plateau::class2d {

double ctf_value(const CtfParams& ctf, double sx, double sy, bool intact_first_peak) {
    const double volts = ctf.voltage_kv * 1e3;
    const double lambda = 12.2643247 / std::sqrt(volts * (1.0 + volts * 0.978466e-6));
    const double cs = ctf.cs_mm * 1e7;
    const double q0 = ctf.amplitude_contrast;
    const double s2 = sx * sx + sy * sy;
    const double alpha = ctf.defocus_angle_deg * M_PI / 180.0;
    const double theta = std::atan2(sy, sx);
    const double c = std::cos(theta - alpha), s = std::sin(theta - alpha);
    const double defocus = ctf.defocus_u_a * c * c + ctf.defocus_v_a * s * s;
    const double gamma = -M_PI * lambda * defocus * s2 + M_PI / 2.0 * cs * lambda * lambda * lambda * s2 * s2 -
                         std::atan(q0 / std::sqrt(1.0 - q0 * q0)) - ctf.phase_shift_deg * M_PI / 180.0;
    double value = intact_first_peak && std::abs(gamma) < M_PI / 2.0 ? 1.0 : -std::sin(gamma);
    if (ctf.bfactor_a2 != 0) value *= std::exp(-ctf.bfactor_a2 * s2 / 4.0);
    value *= ctf.scale;
    if (std::abs(value) < 1e-8) value = value < 0 ? -1e-8 : 1e-8;
    return value;
}

void ctf_on_pixels(const CtfParams& ctf, const PixelSet& pixels, double pixel_size_a, bool intact_first_peak,
                   float* out) {
    const double unit = 1.0 / (pixels.box * pixel_size_a);
    for (std::size_t j = 0; j < pixels.count(); ++j)
        out[j] = static_cast<float>(ctf_value(ctf, pixels.kx[j] * unit, pixels.ky[j] * unit, intact_first_peak));
}

}  // namespace plateau::class2d
