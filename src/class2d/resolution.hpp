// Resolution and image-size control (em2d-peers.md §8): class resolution = the last shell before the
// SSNR (data_vs_prior) drops below 1; the fine-pass size = 2 (best shell so far + incr_size), the
// coarse size tied to the angular step (or --strict_highres_exp).
#pragma once

#include "class2d/model.hpp"

#include <vector>

namespace plateau::class2d {

int ssnr_shell(const std::vector<double>& ssnr);

// Updates class_resolution_a, best_shell, current_resolution_a, current_size and coarse_size.
void update_sizes(ModelState& model, const std::vector<std::vector<double>>& ssnr, const Class2dOptions& options);

// The coarse-pass size for a fine-pass size (never larger than it).
int coarse_size_for(const ModelState& model, const Class2dOptions& options, int current_size);

}  // namespace plateau::class2d
