// FFTW3 single-precision plans (made once, executed from any thread with the new-array API), the
// centred half-plane layout and the pixel sets the likelihood runs over.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

typedef struct fftwf_plan_s* fftwf_plan;

namespace plateau::class2d {

using cfloat = std::complex<float>;

// A square n x n real <-> half-plane n x (n/2+1) transform pair. Plans are created in the
// constructor (call it from one thread: fftwf_plan_* is not thread-safe); forward/inverse may then
// run concurrently on different arrays. Both are unnormalised, like FFTW.
class Fft2d {
public:
    explicit Fft2d(int n);
    ~Fft2d();
    Fft2d(const Fft2d&) = delete;
    Fft2d& operator=(const Fft2d&) = delete;
    [[nodiscard]] int size() const { return n_; }
    [[nodiscard]] int half() const { return n_ / 2 + 1; }
    void forward(const float* in, cfloat* out) const;  // in: n*n, preserved
    void inverse(cfloat* in, float* out) const;        // in: n*(n/2+1), destroyed

private:
    int n_;
    fftwf_plan forward_ = nullptr;
    fftwf_plan inverse_ = nullptr;
};

// Copies a box x box image into an m x m grid (zero elsewhere) so that the box centre (box/2,
// box/2) lands on grid pixel (0, 0): rotations in Fourier space then turn about the box centre.
void centre_into(const float* image, int box, float* grid, int m);
// The inverse: the box x box window around grid pixel (0, 0).
void window_from(const float* grid, int m, float* image, int box);

// Forward transform of a centred image, scaled by 1/box^2 as RELION does (em2d-peers.md §4.5).
// scratch: box*box floats.
void image_transform(const Fft2d& fft, const float* image, float* scratch, cfloat* out);

// Half-plane pixels with shell round(|f|) < size/2, DC and the redundant half of the x = 0 column
// excluded, ordered by shell: the pixels of any smaller size are a prefix.
struct PixelSet {
    int box = 0;
    int size = 0;
    std::vector<int> kx, ky, shell;
    std::vector<int> grid_index;  // into the box's half-plane grid: row * (box/2+1) + kx
    std::vector<int> shell_counts;  // per shell 0 .. box/2 (pixels of this set)
    [[nodiscard]] std::size_t count() const { return kx.size(); }
    [[nodiscard]] std::size_t prefix(int smaller_size) const;  // pixels with shell < smaller_size/2
};
PixelSet make_pixel_set(int box, int size);

// Shell of every half-plane pixel of a box (-1 for the redundant x = 0 half), and pixel counts per
// shell 0 .. box/2 over the non-redundant pixels.
std::vector<int> half_plane_shells(int box);
std::vector<int> half_plane_shell_counts(int box);

// exp(-2 pi i f.t / box) at every pixel of a set, interleaved re/im (2 * count floats).
void phase_ramp(const PixelSet& pixels, double tx, double ty, float* out);

}  // namespace plateau::class2d
