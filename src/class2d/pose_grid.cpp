// Pose grids (pose_grid.hpp).
#include "class2d/pose_grid.hpp"

#include <cmath>

namespace plateau::class2d {

PoseGrid make_pose_grid(const Class2dOptions& options) {
    PoseGrid grid;
    const int n_psi = std::max(1, static_cast<int>(std::lround(360.0 / options.psi_step_deg)));
    grid.coarse_psi_step = 360.0 / n_psi;
    grid.fine_psi_step = grid.coarse_psi_step / 2;
    for (int j = 0; j < n_psi; ++j) {
        const double psi = j * grid.coarse_psi_step;
        grid.coarse_psi_deg.push_back(psi);
        grid.fine_psi_deg.push_back(psi - grid.coarse_psi_step / 4);
        grid.fine_psi_deg.push_back(psi + grid.coarse_psi_step / 4);
    }
    const double step = options.offset_step_px, range = options.offset_range_px;
    grid.coarse_offset_step = step;
    grid.fine_offset_step = step / 2;
    const int reach = static_cast<int>(std::floor(range / step + 1e-9));
    for (int iy = -reach; iy <= reach; ++iy)
        for (int ix = -reach; ix <= reach; ++ix) {
            const double x = ix * step, y = iy * step;
            if (x * x + y * y > range * range + 1e-9) continue;
            grid.coarse_tx.push_back(x);
            grid.coarse_ty.push_back(y);
            for (int c = 0; c < 4; ++c) {
                grid.fine_tx.push_back(x + ((c & 1) ? step / 4 : -step / 4));
                grid.fine_ty.push_back(y + ((c & 2) ? step / 4 : -step / 4));
            }
        }
    return grid;
}

}  // namespace plateau::class2d
