// CTF: gamma = -pi lambda dF s^2 + pi/2 Cs lambda^3 s^4 - atan(Q0/sqrt(1-Q0^2)) - phase shift,
// CTF = -sin(gamma) exp(-B s^2 / 4) scale (RELION ctf.h getCTF, em2d-peers.md §11.4).
#include "class2d/ctf.hpp"

#include <cmath>

namespace plateau::class2d {

namespace {

// What depends on the particle only, computed once per image rather than once per pixel.
struct CtfTerms {
    double lambda = 0, cs = 0, phase = 0, cos_a = 1, sin_a = 0;
    explicit CtfTerms(const CtfParams& ctf) {
        const double volts = ctf.voltage_kv * 1e3;
        lambda = 12.2643247 / std::sqrt(volts * (1.0 + volts * 0.978466e-6));
        cs = ctf.cs_mm * 1e7;
        const double q0 = ctf.amplitude_contrast;
        phase = std::atan(q0 / std::sqrt(1.0 - q0 * q0)) + ctf.phase_shift_deg * M_PI / 180.0;
        const double alpha = ctf.defocus_angle_deg * M_PI / 180.0;
        cos_a = std::cos(alpha);
        sin_a = std::sin(alpha);
    }
};

// The astigmatic defocus along the direction theta of (sx, sy): dU cos^2(theta - alpha) +
// dV sin^2(theta - alpha), the angle difference expanded so no atan2, cos or sin is needed.
double ctf_at(const CtfParams& ctf, const CtfTerms& t, double sx, double sy, bool intact_first_peak) {
    const double s2 = sx * sx + sy * sy;
    const double along = sx * t.cos_a + sy * t.sin_a, across = sy * t.cos_a - sx * t.sin_a;
    const double defocus = s2 > 0 ? (ctf.defocus_u_a * along * along + ctf.defocus_v_a * across * across) / s2
                                  : ctf.defocus_u_a;
    const double l3 = t.lambda * t.lambda * t.lambda;
    const double gamma = -M_PI * t.lambda * defocus * s2 + M_PI / 2.0 * t.cs * l3 * s2 * s2 - t.phase;
    double value = intact_first_peak && std::abs(gamma) < M_PI / 2.0 ? 1.0 : -std::sin(gamma);
    if (ctf.bfactor_a2 != 0) value *= std::exp(-ctf.bfactor_a2 * s2 / 4.0);
    value *= ctf.scale;
    if (std::abs(value) < 1e-8) value = value < 0 ? -1e-8 : 1e-8;
    return value;
}

}  // namespace

double ctf_value(const CtfParams& ctf, double sx, double sy, bool intact_first_peak) {
    return ctf_at(ctf, CtfTerms(ctf), sx, sy, intact_first_peak);
}

void ctf_on_pixels(const CtfParams& ctf, const PixelSet& pixels, double pixel_size_a, bool intact_first_peak,
                   float* out) {
    const CtfTerms terms(ctf);
    const double unit = 1.0 / (pixels.box * pixel_size_a);
    for (std::size_t j = 0; j < pixels.count(); ++j)
        out[j] = static_cast<float>(ctf_at(ctf, terms, pixels.kx[j] * unit, pixels.ky[j] * unit, intact_first_peak));
}

}  // namespace plateau::class2d
