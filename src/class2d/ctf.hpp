// RELION 3.1's CTF (em2d-peers.md §11.4) evaluated on a pixel set.
#pragma once

#include "class2d/classify.hpp"
#include "class2d/fourier.hpp"

namespace plateau::class2d {

// CTF at pixel (kx, ky) of a box with the given pixel size. Protein white: CTF(0) = +Q0.
double ctf_value(const CtfParams& ctf, double sx, double sy, bool intact_first_peak);

// CTF values at every pixel of a set (out: pixels.count() floats).
void ctf_on_pixels(const CtfParams& ctf, const PixelSet& pixels, double pixel_size_a, bool intact_first_peak,
                   float* out);

}  // namespace plateau::class2d
