// Opening a particle set and reading its images (particle_set.hpp); the STAR columns (optics,
// CTF, groups) are read in particle_star.cpp.
#include "core/em/particle_set.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

namespace plateau::core::em {

namespace {

constexpr std::size_t k_max_open = 64;  // stacks held open at once (one per micrograph is common)

bool is_star_path(const std::string& path) {
    return path.size() >= 5 && path.compare(path.size() - 5, 5, ".star") == 0;
}

struct ImageName {
    std::size_t index = 0;  // 1-based as written
    std::string path;
};

ImageName split_image_name(const std::string& name, const std::string& where) {
    const auto at = name.find('@');
    if (at == std::string::npos) return {1, name};
    const std::string number = name.substr(0, at);
    std::size_t index = 0;
    const bool digits = !number.empty() && std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && number.size() < 10) index = std::stoul(number);
    if (index == 0 || at + 1 == name.size())
        throw_input_error(where + ": _rlnImageName '" + name + "' is not NNNNNN@stack (a 1-based image number)");
    return {index, name.substr(at + 1)};
}

std::string resolve(const std::string& stack, const std::string& star_path, const std::string& where) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(stack, ec) || fs::path(stack).is_absolute()) return stack;
    const fs::path beside = fs::path(star_path).parent_path() / stack;
    if (!beside.parent_path().empty() && fs::exists(beside, ec)) return beside.string();
    throw_input_error(where + ": image stack '" + stack + "' not found (relative paths are read from the working directory, "
                      "then from the STAR file's folder)");
}

}  // namespace

std::unique_ptr<ParticleSet> ParticleSet::open(const std::string& path) {
    std::unique_ptr<ParticleSet> set(new ParticleSet());
    set->m_path = path;
    if (is_star_path(path)) set->open_star(path);
    else set->open_stack(path);
    set->m_open.resize(set->m_stacks.size());
    return set;
}

void ParticleSet::check_box(const Stack& stack) {
    const MrcHeader& h = stack.header;
    if (h.nx != h.ny)
        throw_input_error(stack.path + ": images are " + std::to_string(h.nx) + "x" + std::to_string(h.ny) +
                          " pixels: 2D classification needs square images");
    if (m_box == 0) m_box = h.nx;
    else if (h.nx != m_box)
        throw_input_error(stack.path + ": images are " + std::to_string(h.nx) + "x" + std::to_string(h.ny) + " pixels, but " +
                          m_stacks.front().path + " holds " + std::to_string(m_box) + "x" + std::to_string(m_box) +
                          ": all particles need the same box size");
}

std::uint32_t ParticleSet::add_stack(const std::string& path, const std::string& where) {
    Stack stack{path, {}};
    try {
        stack.header = MrcStack(path).header();
        check_box(stack);
    } catch (const Error& e) {
        if (where == path) throw;
        throw Error(e.code(), where + ": " + e.what());
    }
    m_stacks.push_back(stack);
    return std::uint32_t(m_stacks.size() - 1);
}

void ParticleSet::open_stack(const std::string& path) {
    add_stack(path, path);
    const MrcHeader& h = m_stacks.front().header;
    m_pixel_size = h.pixel_size();
    if (!(m_pixel_size > 0))
        throw_input_error(path + ": pixel size " + std::to_string(m_pixel_size) + " Å in the MRC header (CELLA.X " +
                          std::to_string(h.cell_a[0]) + " / MX " + std::to_string(h.mx) +
                          "): give a particles STAR file with _rlnImagePixelSize, or fix the header");
    StarBlock optics{"optics", {}, StarLoop{}, 0};
    char pixel[32];
    std::snprintf(pixel, sizeof pixel, "%.6f", m_pixel_size);
    optics.loop->columns = {"rlnOpticsGroupName", "rlnOpticsGroup", "rlnImagePixelSize", "rlnImageSize", "rlnImageDimensionality"};
    optics.loop->values = {"opticsGroup1", "1", pixel, std::to_string(m_box), "2"};
    StarBlock particles{"particles", {}, StarLoop{}, 0};
    particles.loop->columns = {"rlnImageName", "rlnOpticsGroup"};
    for (std::size_t i = 0; i < std::size_t(h.nz); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "%06zu@", i + 1);
        particles.loop->values.push_back(name + path);
        particles.loop->values.emplace_back("1");
        m_refs.push_back({0, std::uint32_t(i)});
    }
    m_star.path = path;
    m_star.blocks = {std::move(optics), std::move(particles)};
    m_optics.assign(m_refs.size(), 0);
}

void ParticleSet::open_star(const std::string& path) {
    m_from_star = true;
    m_star = read_star(path);
    const StarBlock* particles = m_star.find("particles");
    if (!m_star.find("optics")) {
        const bool old = particles || (m_star.blocks.front().loop && m_star.blocks.front().loop->column("rlnImageName") >= 0);
        if (old)
            throw_input_error(path + ": no data_optics block: a RELION 3.0 (or older) STAR file; convert it with "
                              "'relion_convert_star --i " + path + " --o converted.star'");
        throw_input_error(path + ": no data_optics and data_particles blocks: not a RELION 3.1 particles STAR file");
    }
    if (!particles || !particles->loop || particles->loop->rows() == 0)
        throw_input_error(path + ": no particles (data_particles with a loop_ of at least one row is needed)");
    const StarLoop& loop = *particles->loop;
    const int name_col = loop.column("rlnImageName");
    if (name_col < 0) throw_input_error(path + ": data_particles has no _rlnImageName column");
    std::map<std::string, std::uint32_t> stack_of;
    for (std::size_t r = 0; r < loop.rows(); ++r) {
        const std::string where = star_row_location(m_star, *particles, r);
        const ImageName name = split_image_name(loop.at(r, std::size_t(name_col)), where);
        auto it = stack_of.find(name.path);
        if (it == stack_of.end()) it = stack_of.emplace(name.path, add_stack(resolve(name.path, path, where), where)).first;
        const Stack& stack = m_stacks[it->second];
        if (name.index > std::size_t(stack.header.nz))
            throw_input_error(where + ": image " + loop.at(r, std::size_t(name_col)) + " does not exist: " + stack.path +
                              " holds " + std::to_string(stack.header.nz) + " images");
        m_refs.push_back({it->second, std::uint32_t(name.index - 1)});
    }
    read_optics();
}

const MrcStack& ParticleSet::stack_handle(std::uint32_t stack) const {
    if (!m_open[stack]) {
        if (m_open_order.size() >= k_max_open) {
            m_open[m_open_order.front()].reset();
            m_open_order.erase(m_open_order.begin());
        }
        m_open[stack] = std::make_unique<MrcStack>(m_stacks[stack].path);
        m_open_order.push_back(stack);
    }
    return *m_open[stack];
}

void ParticleSet::read(std::size_t first, std::size_t n, float* out) const {
    if (first + n > m_refs.size())
        throw Error(ErrorCode::Internal, "ParticleSet::read past the end (" + std::to_string(first + n) + " > " +
                                             std::to_string(m_refs.size()) + ")");
    const std::size_t pixels = std::size_t(m_box) * std::size_t(m_box);
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < n; ++i) {
        const Ref& ref = m_refs[first + i];
        stack_handle(ref.stack).read(ref.index, out + i * pixels);
    }
}

}  // namespace plateau::core::em
