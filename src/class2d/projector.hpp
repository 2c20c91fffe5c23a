// References in Fourier space on a 2x-padded grid (RELION --pad 2): projection (bilinear
// interpolation at the rotated pixel) and the reverse, accumulation of rotated data and weights,
// followed by the regularised reconstruction A = D / (W + 1/(4 T tau2)) (em2d-peers.md §5, §7).
#pragma once

#include "class2d/fourier.hpp"

#include <complex>
#include <vector>

namespace plateau::class2d {

class Projector {
public:
    explicit Projector(int box);
    // From a real-space reference (box x box): divide by the bilinear kernel's sinc^2, centre on
    // the padded grid, transform (padded_fft: 2*box) and scale by 1/box^2.
    void set_reference(const float* reference, const Fft2d& padded_fft);
    // A(R_psi f) for the first `count` pixels of a set, interleaved re/im.
    void project(double psi_deg, const PixelSet& pixels, std::size_t count, float* out) const;
    // Half the mean |grid|^2 per shell round(|q|/2) over |q| <= 2 max_shell (reference_tau2).
    [[nodiscard]] std::vector<double> shell_power(int max_shell) const;

private:
    int box_, m_, half_;
    std::vector<cfloat> grid_;
};

// Sums of rotated data and weights for one class on the padded grid.
class BackProjector {
public:
    explicit BackProjector(int box);
    // Adds image-frame data (interleaved, double) and weights at rotation psi.
    void add(double psi_deg, const PixelSet& pixels, const double* data, const double* weight);
    // Reconstructs up to shell max_shell (box units): real-space box x box reference. reg_per_shell
    // (box/2+1 values) is added to the weights; when null, weights are floored at shell mean/1000
    // (no prior). ssnr_out (optional, box/2+1): mean weight per shell (box units).
    void reconstruct(const Fft2d& padded_fft, int max_shell, const double* reg_per_shell, float* out,
                     std::vector<double>* mean_weight_out);
    void clear();

private:
    void symmetrise_x0();
    int box_, m_, half_;
    std::vector<std::complex<double>> data_;
    std::vector<double> weight_;
};

// tau2 as RELION 3.1 takes it (Projector::computeFourierTransformMap): half the mean power per
// shell of the padded, gridding-corrected transform the projector uses, over padded-grid points
// with |q| <= 2 max_shell (shell = round(|q|/2)); 0 beyond. Shells 0 .. box/2.
std::vector<double> reference_tau2(const Fft2d& padded_fft, const float* reference, int box, int max_shell);

}  // namespace plateau::class2d
