// A set of particle images as RELION 3.1 names them: a particles STAR file (data_optics +
// data_particles, rlnImageName "NNNNNN@stack.mrcs", 1-based, several stacks) or one bare MRC
// stack. Every stack header is checked when the set is opened (mode, size, truncation, the same
// square box everywhere, every referenced image present); images are then read on demand by index
// with pread, so a set is never held in memory. Relative stack paths are looked up from the
// working directory (RELION's rule), then from the STAR file's folder.
#pragma once

#include "core/em/mrc_file.hpp"
#include "core/em/star_file.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace plateau::core::em {

// One particle's CTF with its optics group's microscope values (em2d-peers.md §11.4).
struct ParticleCtf {
    double defocus_u_a = 0, defocus_v_a = 0, defocus_angle_deg = 0, phase_shift_deg = 0;
    double bfactor_a2 = 0, scale = 1;
    double voltage_kv = 0, cs_mm = 0, amplitude_contrast = 0;
};

class ParticleSet {
public:
    /// Opens a particles STAR (".star") or an MRC stack (any other name). Throws plateau::Error
    /// (InvalidInput naming the file and line, or Io).
    [[nodiscard]] static std::unique_ptr<ParticleSet> open(const std::string& path);

    [[nodiscard]] std::size_t size() const { return m_refs.size(); }
    [[nodiscard]] int box() const { return m_box; }
    [[nodiscard]] double pixel_size_a() const { return m_pixel_size; }
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] bool from_star() const { return m_from_star; }
    /// The input as a RELION 3.1 STAR: the file read, or for a bare stack one made up (optics group 1
    /// with the header's pixel size; particles "NNNNNN@<path>").
    [[nodiscard]] const StarFile& star() const { return m_star; }
    [[nodiscard]] std::size_t stack_count() const { return m_stacks.size(); }

    /// Whether the particles carry CTF columns (rlnDefocusU).
    [[nodiscard]] bool has_ctf() const;
    /// One CTF per particle; throws InvalidInput naming the missing column or the bad value.
    [[nodiscard]] std::vector<ParticleCtf> ctf() const;
    /// 0-based noise group per particle: rlnGroupNumber, else rlnGroupName, else rlnMicrographName,
    /// else all 0.
    [[nodiscard]] std::vector<int> groups() const;

    /// Particles first .. first+n-1 as box*box floats each (thread-safe).
    void read(std::size_t first, std::size_t n, float* out) const;

private:
    struct Ref {
        std::uint32_t stack;
        std::uint32_t index;  // 0-based
    };
    struct Stack {
        std::string path;  // as opened
        MrcHeader header;
    };
    ParticleSet() = default;
    void open_star(const std::string& path);
    void open_stack(const std::string& path);
    std::uint32_t add_stack(const std::string& path, const std::string& where);
    void check_box(const Stack& stack);
    void read_optics();
    const MrcStack& stack_handle(std::uint32_t stack) const;  // under m_mutex

    std::string m_path;
    bool m_from_star = false;
    StarFile m_star;
    std::vector<Stack> m_stacks;
    std::vector<Ref> m_refs;
    std::vector<int> m_optics;  // optics row per particle
    int m_box = 0;
    double m_pixel_size = 0;
    mutable std::mutex m_mutex;
    mutable std::vector<std::unique_ptr<MrcStack>> m_open;  // open stacks (at most k_max_open at once)
    mutable std::vector<std::uint32_t> m_open_order;
};

}  // namespace plateau::core::em
