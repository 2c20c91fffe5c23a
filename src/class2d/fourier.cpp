// FFT plans, centring and pixel sets (fourier.hpp).
#include "class2d/fourier.hpp"

#include "core/error.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>

namespace plateau::class2d {
namespace {

// FFTW's planner is process-wide state: only fftw_execute* may run from several threads at once, so
// plans are made and destroyed under this lock (two classify() runs in one process, e.g. the
// in-process ranks of the distributed test, would otherwise race).
std::mutex& planner_lock() {
    static std::mutex lock;
    return lock;
}

}  // namespace

Fft2d::Fft2d(int n) : n_(n) {
    const std::lock_guard<std::mutex> guard(planner_lock());
    std::vector<float> real(static_cast<std::size_t>(n) * n);
    std::vector<cfloat> complex(static_cast<std::size_t>(n) * (n / 2 + 1));
    auto* c = reinterpret_cast<fftwf_complex*>(complex.data());
    const unsigned flags = FFTW_ESTIMATE | FFTW_UNALIGNED;
    forward_ = fftwf_plan_dft_r2c_2d(n, n, real.data(), c, flags);
    inverse_ = fftwf_plan_dft_c2r_2d(n, n, c, real.data(), flags);
    if (!forward_ || !inverse_) throw Error(ErrorCode::Internal, "FFTW could not plan a transform");
}

Fft2d::~Fft2d() {
    const std::lock_guard<std::mutex> guard(planner_lock());
    if (forward_) fftwf_destroy_plan(forward_);
    if (inverse_) fftwf_destroy_plan(inverse_);
}

void Fft2d::forward(const float* in, cfloat* out) const {
    fftwf_execute_dft_r2c(forward_, const_cast<float*>(in), reinterpret_cast<fftwf_complex*>(out));
}

void Fft2d::inverse(cfloat* in, float* out) const {
    fftwf_execute_dft_c2r(inverse_, reinterpret_cast<fftwf_complex*>(in), out);
}

void centre_into(const float* image, int box, float* grid, int m) {
    std::fill(grid, grid + static_cast<std::size_t>(m) * m, 0.0f);
    for (int y = 0; y < box; ++y) {
        const int gy = ((y - box / 2) % m + m) % m;
        for (int x = 0; x < box; ++x) {
            const int gx = ((x - box / 2) % m + m) % m;
            grid[static_cast<std::size_t>(gy) * m + gx] = image[static_cast<std::size_t>(y) * box + x];
        }
    }
}

void window_from(const float* grid, int m, float* image, int box) {
    for (int y = 0; y < box; ++y) {
        const int gy = ((y - box / 2) % m + m) % m;
        for (int x = 0; x < box; ++x) {
            const int gx = ((x - box / 2) % m + m) % m;
            image[static_cast<std::size_t>(y) * box + x] = grid[static_cast<std::size_t>(gy) * m + gx];
        }
    }
}

void image_transform(const Fft2d& fft, const float* image, float* scratch, cfloat* out) {
    const int n = fft.size();
    centre_into(image, n, scratch, n);
    fft.forward(scratch, out);
    const float scale = 1.0f / (static_cast<float>(n) * static_cast<float>(n));
    const std::size_t total = static_cast<std::size_t>(n) * fft.half();
    for (std::size_t i = 0; i < total; ++i) out[i] *= scale;
}

std::vector<int> half_plane_shells(int box) {
    const int half = box / 2 + 1;
    std::vector<int> shells(static_cast<std::size_t>(box) * half);
    for (int row = 0; row < box; ++row) {
        const int ky = row <= box / 2 ? row : row - box;
        for (int kx = 0; kx < half; ++kx) {
            const bool redundant = kx == 0 && ky < 0;
            const int r = static_cast<int>(std::lround(std::sqrt(double(kx) * kx + double(ky) * ky)));
            shells[static_cast<std::size_t>(row) * half + kx] = redundant ? -1 : r;
        }
    }
    return shells;
}

std::vector<int> half_plane_shell_counts(int box) {
    std::vector<int> counts(static_cast<std::size_t>(box / 2 + 1), 0);
    for (int r : half_plane_shells(box))
        if (r >= 0 && r <= box / 2) ++counts[static_cast<std::size_t>(r)];
    return counts;
}

PixelSet make_pixel_set(int box, int size) {
    PixelSet set;
    set.box = box;
    set.size = size;
    set.shell_counts.assign(static_cast<std::size_t>(box / 2 + 1), 0);
    const int half = box / 2 + 1;
    const std::vector<int> shells = half_plane_shells(box);
    std::vector<int> rows, cols;
    for (int row = 0; row < box; ++row)
        for (int kx = 0; kx < half; ++kx) {
            const int r = shells[static_cast<std::size_t>(row) * half + kx];
            if (r <= 0 || r >= size / 2) continue;
            rows.push_back(row);
            cols.push_back(kx);
        }
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return shells[static_cast<std::size_t>(rows[a]) * half + cols[a]] <
               shells[static_cast<std::size_t>(rows[b]) * half + cols[b]];
    });
    for (std::size_t i : order) {
        const int row = rows[i], kx = cols[i];
        const int index = row * half + kx;
        set.kx.push_back(kx);
        set.ky.push_back(row <= box / 2 ? row : row - box);
        set.shell.push_back(shells[static_cast<std::size_t>(index)]);
        set.grid_index.push_back(index);
        ++set.shell_counts[static_cast<std::size_t>(set.shell.back())];
    }
    return set;
}

std::size_t PixelSet::prefix(int smaller_size) const {
    const auto end = std::lower_bound(shell.begin(), shell.end(), smaller_size / 2);
    return static_cast<std::size_t>(end - shell.begin());
}

void phase_ramp(const PixelSet& pixels, double tx, double ty, float* out) {
    const double k = -2.0 * M_PI / pixels.box;
    for (std::size_t j = 0; j < pixels.count(); ++j) {
        const double phase = k * (pixels.kx[j] * tx + pixels.ky[j] * ty);
        out[2 * j] = static_cast<float>(std::cos(phase));
        out[2 * j + 1] = static_cast<float>(std::sin(phase));
    }
}

}  // namespace plateau::class2d
