// Projection and back-projection on the 2x-padded half-plane grid (projector.hpp).
#include "class2d/projector.hpp"

#include <algorithm>
#include <cmath>

namespace plateau::class2d {
namespace {

double sinc(double x) { return x == 0 ? 1.0 : std::sin(M_PI * x) / (M_PI * x); }

// Padded-grid coordinates of pixel f rotated by psi: q = 2 R_psi f, folded to qx >= 0.
struct Rotated {
    double qx, qy;
    bool conjugate;
};

Rotated rotate(double c, double s, int kx, int ky) {
    Rotated r{2.0 * (kx * c - ky * s), 2.0 * (kx * s + ky * c), false};
    if (r.qx < 0) {
        r.qx = -r.qx;
        r.qy = -r.qy;
        r.conjugate = true;
    }
    return r;
}

}  // namespace

Projector::Projector(int box)
    : box_(box), m_(2 * box), half_(box + 1), grid_(static_cast<std::size_t>(2 * box) * (box + 1)) {}

void Projector::set_reference(const float* reference, const Fft2d& padded_fft) {
    std::vector<float> corrected(static_cast<std::size_t>(box_) * box_);
    for (int y = 0; y < box_; ++y)
        for (int x = 0; x < box_; ++x) {
            const double k = sinc(double(x - box_ / 2) / m_) * sinc(double(y - box_ / 2) / m_);
            corrected[static_cast<std::size_t>(y) * box_ + x] = static_cast<float>(reference[y * box_ + x] / (k * k));
        }
    std::vector<float> padded(static_cast<std::size_t>(m_) * m_);
    centre_into(corrected.data(), box_, padded.data(), m_);
    padded_fft.forward(padded.data(), grid_.data());
    const float scale = 1.0f / (static_cast<float>(box_) * static_cast<float>(box_));
    for (auto& v : grid_) v *= scale;
}

void Projector::project(double psi_deg, const PixelSet& pixels, std::size_t count, float* out) const {
    const double c = std::cos(psi_deg * M_PI / 180.0), s = std::sin(psi_deg * M_PI / 180.0);
    for (std::size_t j = 0; j < count; ++j) {
        const Rotated r = rotate(c, s, pixels.kx[j], pixels.ky[j]);
        const int x0 = static_cast<int>(std::floor(r.qx)), y0 = static_cast<int>(std::floor(r.qy));
        const float fx = static_cast<float>(r.qx - x0), fy = static_cast<float>(r.qy - y0);
        const int x1 = std::min(x0 + 1, half_ - 1);
        const int row0 = ((y0 % m_) + m_) % m_, row1 = (row0 + 1) % m_;
        const cfloat* g0 = grid_.data() + static_cast<std::size_t>(row0) * half_;
        const cfloat* g1 = grid_.data() + static_cast<std::size_t>(row1) * half_;
        const cfloat top = g0[x0] + fx * (g0[x1] - g0[x0]);
        const cfloat bottom = g1[x0] + fx * (g1[x1] - g1[x0]);
        const cfloat v = top + fy * (bottom - top);
        out[2 * j] = v.real();
        out[2 * j + 1] = r.conjugate ? -v.imag() : v.imag();
    }
}

BackProjector::BackProjector(int box)
    : box_(box), m_(2 * box), half_(box + 1), data_(static_cast<std::size_t>(2 * box) * (box + 1)),
      weight_(data_.size()) {}

void BackProjector::clear() {
    std::fill(data_.begin(), data_.end(), std::complex<double>());
    std::fill(weight_.begin(), weight_.end(), 0.0);
}

void BackProjector::add(double psi_deg, const PixelSet& pixels, const double* data, const double* weight) {
    const double c = std::cos(psi_deg * M_PI / 180.0), s = std::sin(psi_deg * M_PI / 180.0);
    for (std::size_t j = 0; j < pixels.count(); ++j) {
        if (weight[j] == 0 && data[2 * j] == 0 && data[2 * j + 1] == 0) continue;
        const Rotated r = rotate(c, s, pixels.kx[j], pixels.ky[j]);
        const std::complex<double> d(data[2 * j], r.conjugate ? -data[2 * j + 1] : data[2 * j + 1]);
        const int x0 = static_cast<int>(std::floor(r.qx)), y0 = static_cast<int>(std::floor(r.qy));
        const double fx = r.qx - x0, fy = r.qy - y0;
        const int row0 = ((y0 % m_) + m_) % m_, row1 = (row0 + 1) % m_;
        const double w[4] = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
        const int rows[4] = {row0, row0, row1, row1};
        const int cols[4] = {x0, x0 + 1, x0, x0 + 1};
        for (int n = 0; n < 4; ++n) {
            if (cols[n] >= half_) continue;
            const std::size_t index = static_cast<std::size_t>(rows[n]) * half_ + cols[n];
            data_[index] += w[n] * d;
            weight_[index] += w[n] * weight[j];
        }
    }
}

// The x = 0 column holds f and -f: both halves get the sum of the Hermitian pair.
void BackProjector::symmetrise_x0() {
    for (int row = 1; row < m_ / 2; ++row) {
        const std::size_t a = static_cast<std::size_t>(row) * half_, b = static_cast<std::size_t>(m_ - row) * half_;
        const std::complex<double> d = data_[a] + std::conj(data_[b]);
        const double w = weight_[a] + weight_[b];
        data_[a] = d;
        data_[b] = std::conj(d);
        weight_[a] = weight_[b] = w;
    }
}

void BackProjector::reconstruct(const Fft2d& padded_fft, int max_shell, const double* reg_per_shell, float* out,
                                std::vector<double>* mean_weight_out) {
    symmetrise_x0();
    const int shells = box_ / 2 + 1;
    std::vector<double> sum(static_cast<std::size_t>(shells), 0.0), count(sum.size(), 0.0);
    std::vector<int> shell_of(data_.size(), -1);
    for (int row = 0; row < m_; ++row) {
        const int qy = row <= m_ / 2 ? row : row - m_;
        for (int qx = 0; qx < half_; ++qx) {
            const int r = static_cast<int>(std::lround(std::sqrt(double(qx) * qx + double(qy) * qy) / 2.0));
            if (r > max_shell || r >= shells) continue;
            const std::size_t index = static_cast<std::size_t>(row) * half_ + qx;
            shell_of[index] = r;
            sum[static_cast<std::size_t>(r)] += weight_[index];
            count[static_cast<std::size_t>(r)] += 1;
        }
    }
    std::vector<cfloat> grid(data_.size());
    for (std::size_t i = 0; i < data_.size(); ++i) {
        const int r = shell_of[i];
        if (r < 0) continue;
        const double mean = count[static_cast<std::size_t>(r)] > 0 ? sum[static_cast<std::size_t>(r)] / count[static_cast<std::size_t>(r)] : 0;
        const double denominator = reg_per_shell ? weight_[i] + reg_per_shell[r] : std::max(weight_[i], mean / 1000);
        if (denominator > 0) grid[i] = cfloat(data_[i] / denominator);
    }
    if (mean_weight_out) {
        mean_weight_out->assign(static_cast<std::size_t>(shells), 0.0);
        for (int r = 0; r < shells; ++r)
            if (count[static_cast<std::size_t>(r)] > 0) (*mean_weight_out)[static_cast<std::size_t>(r)] = sum[static_cast<std::size_t>(r)] / count[static_cast<std::size_t>(r)];
    }
    std::vector<float> real(static_cast<std::size_t>(m_) * m_);
    padded_fft.inverse(grid.data(), real.data());
    for (auto& v : real) v *= 0.25f;
    window_from(real.data(), m_, out, box_);
}

std::vector<double> Projector::shell_power(int max_shell) const {
    std::vector<double> power(static_cast<std::size_t>(box_ / 2 + 1), 0.0), count(power.size(), 0.0);
    const long max_r2 = static_cast<long>(2 * max_shell) * (2 * max_shell);
    for (int row = 0; row < m_; ++row) {
        const long qy = row <= m_ / 2 ? row : row - m_;
        for (int qx = 0; qx < half_; ++qx) {
            const long r2 = long(qx) * qx + qy * qy;
            if (r2 > max_r2) continue;
            const auto r = static_cast<std::size_t>(std::lround(std::sqrt(double(r2)) / 2.0));
            if (r >= power.size()) continue;
            power[r] += 0.5 * std::norm(grid_[static_cast<std::size_t>(row) * half_ + qx]);
            count[r] += 1;
        }
    }
    for (std::size_t r = 0; r < power.size(); ++r) power[r] = count[r] >= 1 ? power[r] / count[r] : 0;
    return power;
}

std::vector<double> reference_tau2(const Fft2d& padded_fft, const float* reference, int box, int max_shell) {
    Projector projector(box);
    projector.set_reference(reference, padded_fft);
    return projector.shell_power(max_shell);
}

}  // namespace plateau::class2d
