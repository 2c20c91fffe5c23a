// The model the EM refines (references, priors, noise and signal spectra, image sizes) and the
// per-iteration context the E-step reads: pixel set, rotated references, phase ramps.
#pragma once

#include "class2d/classify.hpp"
#include "class2d/fourier.hpp"
#include "class2d/pose_grid.hpp"

#include <vector>

namespace plateau::class2d {

struct ModelState {
    int box = 0;
    double pixel_size_a = 0;
    int classes = 0;
    int groups = 1;
    std::vector<std::vector<float>> references;  // K x box*box, real space, solvent-flattened
    std::vector<double> class_prior;             // pi_k
    std::vector<double> prior_x_a, prior_y_a;    // per-class translation prior centre (Å)
    double sigma_offset_a = 10;
    std::vector<std::vector<double>> sigma2;     // [group][shell 0..box/2], per complex component
    std::vector<std::vector<double>> tau2;       // [class][shell]
    std::vector<double> class_resolution_a;
    int current_size = 0;                        // fine-pass image size (pixels)
    int coarse_size = 0;                         // coarse-pass image size
    int best_shell = 0;                          // resolution shell of the last M-step
    double current_resolution_a = 0;
};

// Where each particle was last placed (the prior offsets the next E-step starts from).
struct ParticleState {
    double offset_x_a = 0, offset_y_a = 0;
    int class_index = -1;  // 0-based, -1 before the first E-step
    int psi_index = 0;     // best fine psi of the last E-step
    double fit = 0;        // ParticleRecord::fit of the last E-step
};

// Everything the E-step of one iteration shares read-only across threads.
struct IterationContext {
    const ModelState* model = nullptr;
    const PoseGrid* poses = nullptr;
    const Class2dOptions* options = nullptr;
    PixelSet pixels;                  // at current_size
    std::size_t coarse_count = 0;     // pixels of the coarse pass (a prefix)
    std::vector<float> coarse_refs;   // [class][coarse psi] x 2*coarse_count
    std::vector<float> fine_refs;     // [class][fine psi] x 2*pixels.count()
    std::vector<float> coarse_power;  // [class][coarse psi] x coarse_count: |A|^2 per pixel
    std::vector<float> fine_power;    // [class][fine psi] x pixels.count(): |A|^2 per pixel
    std::vector<float> coarse_ramps;  // [coarse t] x 2*pixels.count()
    std::vector<float> fine_ramps;    // [fine t] x 2*pixels.count()
    std::vector<float> inv_sigma2;    // [group] x pixels.count(): 1/sigma2
    // The fine translations lie on a lattice: exp(-2 pi i f.t) = ramp_x(kx, tx) ramp_y(ky, ty).
    std::vector<int> fine_tx_index, fine_ty_index;  // per fine t: index into the distinct tx / ty values
    int distinct_tx = 0, distinct_ty = 0;
    std::vector<float> ramp_x;  // [tx index] x (box/2+1) x 2
    std::vector<float> ramp_y;  // [ty index] x pixels.count() x 2
    std::vector<int> shells;          // half_plane_shells(box)
    bool use_ctf = false;
    double mask_radius_px = 0;
    std::vector<double> mask;         // soft_mask_table(box, mask_radius_px, mask edge)
    int iteration = 0;
};

}  // namespace plateau::class2d
