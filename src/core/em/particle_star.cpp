// The STAR columns of a particle set (particle_set.hpp): optics groups (pixel size, box), CTF
// parameters and noise groups.
#include "core/em/particle_set.hpp"

#include "core/error.hpp"

#include <cmath>
#include <map>

namespace plateau::core::em {

namespace {

const StarLoop& optics_loop(const StarFile& star) {
    const StarBlock* optics = star.find("optics");
    if (!optics->loop || optics->loop->rows() == 0)
        throw_input_error(star.path + ": data_optics has no loop_ rows (one row per optics group is needed)");
    return *optics->loop;
}

int need_column(const StarFile& star, const std::string& block, const StarLoop& loop, const std::string& name,
                const std::string& why) {
    const int c = loop.column(name);
    if (c < 0) throw_input_error(star.path + ": data_" + block + " has no _" + name + " column" + why);
    return c;
}

// Optics row of each particle, from rlnOpticsGroup (or the only row).
std::vector<int> optics_rows(const StarFile& star) {
    const StarBlock& optics = *star.find("optics");
    const StarLoop& loop = optics_loop(star);
    const StarBlock& particles = *star.find("particles");
    std::map<long, int> row_of;
    const int group_col = loop.column("rlnOpticsGroup");
    for (std::size_t r = 0; r < loop.rows(); ++r)
        row_of[group_col < 0 ? long(r + 1) : std::lround(star_number(star, optics, r, group_col))] = int(r);
    const int particle_col = particles.loop->column("rlnOpticsGroup");
    if (particle_col < 0 && loop.rows() > 1)
        throw_input_error(star.path + ": data_particles has no _rlnOpticsGroup column, and data_optics has " +
                          std::to_string(loop.rows()) + " groups");
    std::vector<int> rows(particles.loop->rows(), 0);
    if (particle_col < 0) return rows;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto it = row_of.find(std::lround(star_number(star, particles, r, particle_col)));
        if (it == row_of.end())
            throw_input_error(star_row_location(star, particles, r) + ": _rlnOpticsGroup " +
                              particles.loop->at(r, std::size_t(particle_col)) + " is not in data_optics");
        rows[r] = it->second;
    }
    return rows;
}

}  // namespace

void ParticleSet::read_optics() {
    m_optics = optics_rows(m_star);
    const StarBlock& optics = *m_star.find("optics");
    const StarLoop& loop = optics_loop(m_star);
    const int pixel_col = need_column(m_star, "optics", loop, "rlnImagePixelSize", " (the particles' pixel size in Å)");
    const int size_col = loop.column("rlnImageSize");
    std::vector<bool> used(loop.rows(), false);
    for (int row : m_optics) used[std::size_t(row)] = true;
    for (std::size_t r = 0; r < loop.rows(); ++r) {
        if (!used[r]) continue;
        const double pixel = star_number(m_star, optics, r, pixel_col);
        const std::string where = star_row_location(m_star, optics, r);
        if (!(pixel > 0)) throw_input_error(where + ": _rlnImagePixelSize " + loop.at(r, std::size_t(pixel_col)) + ": the pixel size must be positive");
        if (m_pixel_size == 0) m_pixel_size = pixel;
        else if (std::fabs(pixel - m_pixel_size) > 1e-6 * m_pixel_size)
            throw Error(ErrorCode::Unsupported, where + ": optics groups with different pixel sizes (" +
                                                    loop.at(r, std::size_t(pixel_col)) + " Å here) are not supported");
        if (size_col >= 0 && std::lround(star_number(m_star, optics, r, size_col)) != m_box)
            throw_input_error(where + ": _rlnImageSize " + loop.at(r, std::size_t(size_col)) + " differs from the stacks' box of " +
                              std::to_string(m_box) + " pixels");
    }
}

bool ParticleSet::has_ctf() const {
    const StarBlock* particles = m_star.find("particles");
    return m_from_star && particles && particles->loop->column("rlnDefocusU") >= 0;
}

std::vector<ParticleCtf> ParticleSet::ctf() const {
    const StarBlock& optics = *m_star.find("optics");
    const StarBlock& particles = *m_star.find("particles");
    const StarLoop& o = optics_loop(m_star);
    const StarLoop& p = *particles.loop;
    const std::string why = " (needed for --ctf)";
    const int du = need_column(m_star, "particles", p, "rlnDefocusU", why);
    const int dv = need_column(m_star, "particles", p, "rlnDefocusV", why);
    const int angle = need_column(m_star, "particles", p, "rlnDefocusAngle", why);
    const int phase = p.column("rlnPhaseShift"), bfactor = p.column("rlnCtfBfactor"), scale = p.column("rlnCtfScalefactor");
    const int kv = need_column(m_star, "optics", o, "rlnVoltage", why);
    const int cs = need_column(m_star, "optics", o, "rlnSphericalAberration", why);
    const int q0 = need_column(m_star, "optics", o, "rlnAmplitudeContrast", why);
    std::vector<ParticleCtf> out(p.rows());
    for (std::size_t r = 0; r < p.rows(); ++r) {
        ParticleCtf& c = out[r];
        const auto orow = std::size_t(m_optics[r]);
        c.defocus_u_a = star_number(m_star, particles, r, du);
        c.defocus_v_a = star_number(m_star, particles, r, dv);
        c.defocus_angle_deg = star_number(m_star, particles, r, angle);
        if (phase >= 0) c.phase_shift_deg = star_number(m_star, particles, r, phase);
        if (bfactor >= 0) c.bfactor_a2 = star_number(m_star, particles, r, bfactor);
        if (scale >= 0) c.scale = star_number(m_star, particles, r, scale);
        c.voltage_kv = star_number(m_star, optics, orow, kv);
        c.cs_mm = star_number(m_star, optics, orow, cs);
        c.amplitude_contrast = star_number(m_star, optics, orow, q0);
        if (!(c.voltage_kv > 0))
            throw_input_error(star_row_location(m_star, optics, orow) + ": _rlnVoltage " + o.at(orow, std::size_t(kv)) +
                              ": the voltage must be positive");
    }
    return out;
}

std::vector<int> ParticleSet::groups() const {
    std::vector<int> out(m_refs.size(), 0);
    const StarBlock* particles = m_star.find("particles");
    if (!m_from_star || !particles) return out;
    const StarLoop& p = *particles->loop;
    int col = p.column("rlnGroupNumber");
    if (col < 0) col = p.column("rlnGroupName");
    if (col < 0) col = p.column("rlnMicrographName");
    if (col < 0) return out;
    std::map<std::string, int> index;
    for (std::size_t r = 0; r < p.rows(); ++r) {
        const auto [it, added] = index.emplace(p.at(r, std::size_t(col)), int(index.size()));
        out[r] = it->second;
    }
    return out;
}

}  // namespace plateau::core::em
