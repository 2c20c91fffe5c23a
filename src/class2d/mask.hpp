// The soft circular particle mask (RELION softMaskOutsideMap): 1 inside radius R, a raised-cosine
// edge of the given width, then the fill: the background mean (--zero_mask) or coloured noise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace plateau::class2d {

// Mask value at distance r from the box centre.
double soft_mask_value(double r, double radius, double edge);

// soft_mask_value at every pixel of a box (row-major box x box): made once, applied to many images.
std::vector<double> soft_mask_table(int box, double radius, double edge);

// image = mask * image + (1 - mask) * background mean (the mean weighted by 1 - mask).
void apply_zero_mask(float* image, int box, double radius, double edge);
void apply_zero_mask(float* image, const std::vector<double>& mask);

// image = mask * image + (1 - mask) * noise, noise a real-space image of the same box.
void apply_noise_mask(float* image, const float* noise, int box, double radius, double edge);
void apply_noise_mask(float* image, const float* noise, const std::vector<double>& mask);

// Multiplies by the mask with zero outside (solvent flattening of references).
void flatten_solvent(float* image, int box, double radius, double edge);
// Subtracts the mean outside radius + edge: the references are reconstructed without the DC term
// (it is not in the pixel sets), so their background sits at -mean; RELION's, with the DC, at ~0.
void zero_background(float* image, int box, double radius, double edge);

// A deterministic 64-bit mix of (seed, a, b): per-particle random streams independent of threads.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b);

}  // namespace plateau::class2d
