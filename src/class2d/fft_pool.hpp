// The transforms one run needs, planned once up front (box and 2x-padded box).
#pragma once

#include "class2d/fourier.hpp"

namespace plateau::class2d {

struct FftPool {
    explicit FftPool(int box) : image(box), padded(2 * box) {}
    Fft2d image;
    Fft2d padded;
};

}  // namespace plateau::class2d
