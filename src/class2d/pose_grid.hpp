// In-plane rotations and translations sampled by the two passes (em2d-peers.md §6): coarse psi every
// psi_step, translations on an offset_step grid inside an offset_range disc; the fine pass
// (oversampling 1) splits each coarse psi in 2 and each coarse translation in 2 x 2.
#pragma once

#include "class2d/classify.hpp"

#include <vector>

namespace plateau::class2d {

struct PoseGrid {
    std::vector<double> coarse_psi_deg, fine_psi_deg;  // fine index 2j, 2j+1 are the children of coarse j
    std::vector<double> coarse_tx, coarse_ty;          // pixels, relative to the rounded prior offset
    std::vector<double> fine_tx, fine_ty;              // fine index 4t .. 4t+3 are the children of coarse t
    double coarse_psi_step = 0, fine_psi_step = 0, coarse_offset_step = 0, fine_offset_step = 0;
    [[nodiscard]] int coarse_psi() const { return static_cast<int>(coarse_psi_deg.size()); }
    [[nodiscard]] int fine_psi() const { return static_cast<int>(fine_psi_deg.size()); }
    [[nodiscard]] int coarse_translations() const { return static_cast<int>(coarse_tx.size()); }
    [[nodiscard]] int fine_translations() const { return static_cast<int>(fine_tx.size()); }
};

PoseGrid make_pose_grid(const Class2dOptions& options);

}  // namespace plateau::class2d
