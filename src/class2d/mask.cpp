// Soft circular masks and the seed mixer (mask.hpp).
#include "class2d/mask.hpp"

#include <cmath>

namespace plateau::class2d {

double soft_mask_value(double r, double radius, double edge) {
    if (r <= radius) return 1.0;
    if (r >= radius + edge) return 0.0;
    return 0.5 + 0.5 * std::cos(M_PI * (r - radius) / edge);
}

namespace {

double radius_at(int x, int y, int box) {
    const double dx = x - box / 2, dy = y - box / 2;
    return std::sqrt(dx * dx + dy * dy);
}

}  // namespace

std::vector<double> soft_mask_table(int box, double radius, double edge) {
    std::vector<double> mask(static_cast<std::size_t>(box) * box);
    for (int y = 0; y < box; ++y)
        for (int x = 0; x < box; ++x)
            mask[static_cast<std::size_t>(y) * box + x] = soft_mask_value(radius_at(x, y, box), radius, edge);
    return mask;
}

void apply_zero_mask(float* image, const std::vector<double>& mask) {
    double sum = 0, weight = 0;
    for (std::size_t i = 0; i < mask.size(); ++i) {
        const double background = 1.0 - mask[i];
        sum += background * image[i];
        weight += background;
    }
    const double mean = weight > 0 ? sum / weight : 0.0;
    for (std::size_t i = 0; i < mask.size(); ++i) image[i] = static_cast<float>(mask[i] * image[i] + (1.0 - mask[i]) * mean);
}

void apply_zero_mask(float* image, int box, double radius, double edge) {
    apply_zero_mask(image, soft_mask_table(box, radius, edge));
}

void apply_noise_mask(float* image, const float* noise, const std::vector<double>& mask) {
    for (std::size_t i = 0; i < mask.size(); ++i) image[i] = static_cast<float>(mask[i] * image[i] + (1.0 - mask[i]) * noise[i]);
}

void apply_noise_mask(float* image, const float* noise, int box, double radius, double edge) {
    apply_noise_mask(image, noise, soft_mask_table(box, radius, edge));
}

void flatten_solvent(float* image, int box, double radius, double edge) {
    for (int y = 0; y < box; ++y)
        for (int x = 0; x < box; ++x)
            image[y * box + x] *= static_cast<float>(soft_mask_value(radius_at(x, y, box), radius, edge));
}

void zero_background(float* image, int box, double radius, double edge) {
    double sum = 0;
    std::size_t count = 0;
    for (int y = 0; y < box; ++y)
        for (int x = 0; x < box; ++x)
            if (radius_at(x, y, box) > radius + edge) {
                sum += image[y * box + x];
                ++count;
            }
    if (count == 0) return;
    const auto mean = static_cast<float>(sum / static_cast<double>(count));
    for (int i = 0; i < box * box; ++i) image[i] -= mean;
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ULL + a * 0xBF58476D1CE4E5B9ULL + b * 0x94D049BB133111EBULL + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace plateau::class2d
