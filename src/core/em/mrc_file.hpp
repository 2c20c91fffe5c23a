// MRC2014 image stacks (Cheng et al. 2015, J Struct Biol 192:146): the 1024-byte header, images
// read one at a time with pread (a stack is never held in memory), and float32 stacks written
// through core::OutputFile. Read: modes 0 (int8, signed), 1 (int16), 2 (float32), 6 (uint16) and
// 12 (float16), either byte order; the extended header (NSYMBT bytes) is skipped. Written: mode 2,
// little-endian, "MAP " and MACHST 0x44 0x44, one label. Stack convention: NZ = number of images,
// MZ = 1, pixel size = CELLA.X / MX.
#pragma once

#include "core/io/unique_fd.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace plateau::core::em {

inline constexpr std::size_t k_mrc_header_bytes = 1024;

struct MrcHeader {
    std::int32_t nx = 0, ny = 0, nz = 0;
    std::int32_t mode = 2;
    std::array<std::int32_t, 3> start{};           // NXSTART, NYSTART, NZSTART
    std::int32_t mx = 0, my = 0, mz = 0;           // sampling along each axis
    std::array<float, 3> cell_a{};                 // CELLA, Å
    std::array<float, 3> cell_b{90.f, 90.f, 90.f};  // CELLB, degrees
    std::array<std::int32_t, 3> axis_map{1, 2, 3};   // MAPC, MAPR, MAPS
    float dmin = 0, dmax = 0, dmean = 0, rms = 0;
    std::int32_t ispg = 0;
    std::int32_t nsymbt = 0;                        // extended header bytes
    std::string exttyp;                             // word 27, 4 characters ("" when zero)
    std::int32_t nversion = 0;
    std::array<float, 3> origin{};                  // Å
    bool has_map_word = false;                      // word 53 is "MAP "
    bool byte_swapped = false;                      // the file is big-endian
    std::vector<std::string> labels;

    /// CELLA.X / MX in Å (RELION's rule); 0 when MX is 0.
    [[nodiscard]] double pixel_size() const;
    /// Bytes per value of `mode` (0 for modes this reader does not read).
    [[nodiscard]] std::size_t bytes_per_value() const;
    [[nodiscard]] std::uint64_t data_offset() const { return k_mrc_header_bytes + std::uint64_t(nsymbt); }
    [[nodiscard]] std::uint64_t image_bytes() const { return std::uint64_t(nx) * std::uint64_t(ny) * bytes_per_value(); }
};

/// Decodes and checks a header (dimensions, mode, NSYMBT). `path` names the file in errors.
[[nodiscard]] MrcHeader parse_mrc_header(const unsigned char* bytes, const std::string& path);
/// The 1024 header bytes for a little-endian float32 stack (mode, MAP, MACHST, NVERSION 20140 set here).
[[nodiscard]] std::string encode_mrc_header(const MrcHeader& header);

/// An open stack: header checked against the file size at open; images read by 0-based index
/// (thread-safe: pread only). Errors name the file and the image.
class MrcStack {
public:
    explicit MrcStack(std::string path);
    [[nodiscard]] const MrcHeader& header() const { return m_header; }
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::size_t size() const { return std::size_t(m_header.nz); }
    /// Image `index` (0-based) as nx*ny floats, row-major (x fastest).
    void read(std::size_t index, float* out) const;

private:
    std::string m_path;
    core::UniqueFd m_fd;
    MrcHeader m_header;
};

struct MrcStackOptions {
    double pixel_size = 1.0;  // Å
    std::string label;        // at most 80 characters are kept
};

/// Writes `count` images of nx*ny floats as a mode-2 stack (DMIN/DMAX/DMEAN/RMS computed) through
/// core::OutputFile (a temporary name, renamed when complete).
void write_mrc_stack(const std::string& path, int nx, int ny, std::size_t count, const float* data,
                     const MrcStackOptions& options);

}  // namespace plateau::core::em
