// Resolution and image-size control (em2d-peers.md §8): class resolution = the last shell before the
// SSNR (data_vs_prior) drops below 1; the fine-pass size = 2 (this iteration's best class shell +
// incr_size), the coarse size tied to the angular step (or --strict_highres_exp).
#pragma once

#include "class2d/model.hpp"

#include <vector>

namespace plateau::class2d {

int ssnr_shell(const std::vector<double>& ssnr);

// The resolution shell of this M-step (best_shell), current_resolution_a and the next E-step's
// current_size = 2 (shell + incr_size) and coarse_size.
void set_resolution_shell(ModelState& model, int shell, const Class2dOptions& options);

// Updates class_resolution_a, then set_resolution_shell with the best class's shell of this
// iteration (RELION 3.1: not the best so far), never below minres_map.
void update_sizes(ModelState& model, const std::vector<std::vector<double>>& ssnr, const Class2dOptions& options);

// The coarse-pass size for a fine-pass size (never larger than it).
int coarse_size_for(const ModelState& model, const Class2dOptions& options, int current_size);

}  // namespace plateau::class2d
