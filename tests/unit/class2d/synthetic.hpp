// Synthetic particles for the class2d tests, made independently of the library: analytic templates
// (sums of Gaussian blobs), so rotation and shift are exact: particle = shift_d(rot_psi(template))
// with rot (x, y) -> (x cos - y sin, x sin + y cos) about (box/2, box/2) (em2d-peers.md §11.5).
#pragma once

#include "class2d/classify.hpp"

#include <cmath>
#include <map>
#include <random>
#include <vector>

namespace synth {

struct Blob {
    double x, y, sigma, amplitude;  // pixels from the centre
};

struct Particle {
    int cls;
    double psi_deg, dx, dy;
};

struct Set {
    int box = 40;
    double apix = 3.0;
    std::vector<std::vector<Blob>> templates;
    std::vector<Particle> truth;
    std::vector<float> images;  // count * box * box
};

inline std::vector<std::vector<Blob>> default_templates() {
    return {
        {{-6, 0, 2.5, 1.0}, {6, 0, 2.5, 1.0}, {0, 7, 2.0, 0.8}},           // three blobs, T shape
        {{0, 0, 6.0, 0.7}, {9, 3, 2.0, 0.9}},                               // disk with a knob
        {{-9, -4, 1.8, 1.0}, {-3, -1, 1.8, 1.0}, {3, 1, 1.8, 1.0}, {9, 4, 1.8, 1.0}},  // bar of beads
        {{-4, -4, 3.0, 0.9}, {5, -3, 2.2, 0.9}, {0, 6, 2.6, 0.6}},           // triangle
    };
}

inline double template_value(const std::vector<Blob>& blobs, double x, double y) {
    double v = 0;
    for (const Blob& b : blobs) {
        const double dx = x - b.x, dy = y - b.y;
        v += b.amplitude * std::exp(-(dx * dx + dy * dy) / (2 * b.sigma * b.sigma));
    }
    return v;
}

// Pixel (x, y) of shift_d(rot_psi(T)): T at R_{-psi}((x, y) - centre - d).
inline double particle_value(const std::vector<Blob>& blobs, const Particle& p, int x, int y, int box) {
    const double c = std::cos(p.psi_deg * M_PI / 180), s = std::sin(p.psi_deg * M_PI / 180);
    const double u = x - box / 2 - p.dx, v = y - box / 2 - p.dy;
    return template_value(blobs, c * u + s * v, -s * u + c * v);
}

// count particles of `classes` templates, psi uniform, shifts uniform in a disc of max_shift px,
// white noise scaled so that var(signal inside radius) / var(noise) = snr, noise std 1.
inline Set make_set(int count, int classes, double snr, double max_shift, std::uint64_t seed, int box = 40) {
    Set set;
    set.box = box;
    auto all = default_templates();
    set.templates.assign(all.begin(), all.begin() + classes);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uni(0, 1);
    std::normal_distribution<double> gauss(0, 1);
    double signal_power = 0;
    int inside = 0;
    for (int k = 0; k < classes; ++k)
        for (int y = 0; y < box; ++y)
            for (int x = 0; x < box; ++x)
                if (std::hypot(x - box / 2, y - box / 2) < 15) {
                    const double v = particle_value(set.templates[k], {k, 0, 0, 0}, x, y, box);
                    signal_power += v * v;
                    ++inside;
                }
    const double scale = std::sqrt(snr / (signal_power / inside));
    set.images.resize(static_cast<std::size_t>(count) * box * box);
    for (int i = 0; i < count; ++i) {
        Particle p{i % classes, 360 * uni(rng), 0, 0};
        const double r = max_shift * std::sqrt(uni(rng)), a = 2 * M_PI * uni(rng);
        p.dx = r * std::cos(a);
        p.dy = r * std::sin(a);
        set.truth.push_back(p);
        for (int y = 0; y < box; ++y)
            for (int x = 0; x < box; ++x)
                set.images[(static_cast<std::size_t>(i) * box + y) * box + x] =
                    static_cast<float>(scale * particle_value(set.templates[p.cls], p, x, y, box) + gauss(rng));
    }
    return set;
}

inline plateau::class2d::ParticleSource source_of(const Set& set) {
    plateau::class2d::ParticleSource source;
    source.box = set.box;
    source.pixel_size_a = set.apix;
    source.count = set.truth.size();
    const Set* s = &set;
    source.read = [s](std::size_t first, std::size_t n, float* out) {
        const std::size_t n2 = static_cast<std::size_t>(s->box) * s->box;
        std::copy(s->images.begin() + first * n2, s->images.begin() + (first + n) * n2, out);
    };
    return source;
}

// Adjusted Rand index from the contingency table (Hubert & Arabie 1985).
inline double adjusted_rand(const std::vector<int>& a, const std::vector<int>& b) {
    std::map<std::pair<int, int>, double> table;
    std::map<int, double> rows, cols;
    for (std::size_t i = 0; i < a.size(); ++i) {
        table[{a[i], b[i]}] += 1;
        rows[a[i]] += 1;
        cols[b[i]] += 1;
    }
    auto c2 = [](double n) { return n * (n - 1) / 2; };
    double index = 0, sa = 0, sb = 0;
    for (auto& [key, n] : table) index += c2(n);
    for (auto& [key, n] : rows) sa += c2(n);
    for (auto& [key, n] : cols) sb += c2(n);
    const double expected = sa * sb / c2(static_cast<double>(a.size()));
    const double maximum = (sa + sb) / 2;
    return (index - expected) / (maximum - expected);
}

}  // namespace synth
