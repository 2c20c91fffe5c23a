// MRC2014 stacks (mrc_file.hpp).
#include "core/em/mrc_file.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>

static_assert(std::endian::native == std::endian::little, "the MRC reader and writer assume a little-endian host");

namespace plateau::core::em {

namespace {

std::uint32_t swap32(std::uint32_t v) { return __builtin_bswap32(v); }

// Reads 4-byte word `word` (1-based, as the MRC2014 table numbers them).
struct WordReader {
    const unsigned char* bytes;
    bool swap;
    [[nodiscard]] std::uint32_t raw(int word) const {
        std::uint32_t v = 0;
        std::memcpy(&v, bytes + 4 * (word - 1), 4);
        return swap ? swap32(v) : v;
    }
    [[nodiscard]] std::int32_t i(int word) const { return std::int32_t(raw(word)); }
    [[nodiscard]] float f(int word) const { return std::bit_cast<float>(raw(word)); }
};

bool implausible(std::int32_t v) { return v < 0 || v > (1 << 16); }

std::string mode_name(int mode) {
    switch (mode) {
    case 3: return " (complex int16)";
    case 4: return " (complex float32)";
    case 101: return " (4-bit)";
    default: return "";
    }
}

std::string trim_label(const unsigned char* p) {
    std::string s(reinterpret_cast<const char*>(p), 80);
    const auto end = s.find_last_not_of(std::string(" \0", 2));
    return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

void check_header(const MrcHeader& h, const std::string& path) {
    const auto bad = [&](const std::string& what) { throw_input_error(path + ": bad MRC header: " + what); };
    if (h.nx <= 0 || h.ny <= 0 || h.nz <= 0)
        bad("NX, NY, NZ = " + std::to_string(h.nx) + ", " + std::to_string(h.ny) + ", " + std::to_string(h.nz) +
            " (all must be positive)");
    if (h.bytes_per_value() == 0)
        throw_input_error(path + ": unsupported MRC mode " + std::to_string(h.mode) + mode_name(h.mode) +
                          ": images must be mode 0, 1, 2, 6 or 12");
    if (h.nsymbt < 0) bad("NSYMBT = " + std::to_string(h.nsymbt) + " (extended header size must not be negative)");
}

float half_to_float(std::uint16_t h) {
    const int exponent = (h >> 10) & 0x1f;
    const int mantissa = h & 0x3ff;
    float v;
    if (exponent == 0) v = std::ldexp(float(mantissa), -24);
    else if (exponent == 31) v = mantissa ? std::nanf("") : INFINITY;
    else v = std::ldexp(float(mantissa + 1024), exponent - 25);
    return (h & 0x8000) ? -v : v;
}

template <typename T>
void convert(const unsigned char* in, std::size_t n, bool swap, float* out) {
    for (std::size_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, in + i * sizeof(T), sizeof(T));
        if constexpr (sizeof(T) == 2) {
            if (swap) v = T(__builtin_bswap16(std::uint16_t(v)));
        } else if constexpr (sizeof(T) == 4) {
            if (swap) v = std::bit_cast<T>(swap32(std::bit_cast<std::uint32_t>(v)));
        }
        out[i] = float(v);
    }
}

void put_i(std::string& out, int word, std::int32_t v) { std::memcpy(out.data() + 4 * (word - 1), &v, 4); }
void put_f(std::string& out, int word, float v) { std::memcpy(out.data() + 4 * (word - 1), &v, 4); }

}  // namespace

double MrcHeader::pixel_size() const { return mx == 0 ? 0.0 : double(cell_a[0]) / double(mx); }

std::size_t MrcHeader::bytes_per_value() const {
    switch (mode) {
    case 0: return 1;
    case 1: case 6: case 12: return 2;
    case 2: return 4;
    default: return 0;
    }
}

MrcHeader parse_mrc_header(const unsigned char* bytes, const std::string& path) {
    WordReader w{bytes, false};
    const bool big_endian_stamp = bytes[4 * 53] == 0x11 && bytes[4 * 53 + 1] == 0x11;
    if (big_endian_stamp || ((implausible(w.i(1)) || implausible(w.i(4))) &&
                             !implausible(std::int32_t(swap32(w.raw(1)))) && !implausible(std::int32_t(swap32(w.raw(4)))))) {
        w.swap = true;
    }
    MrcHeader h;
    h.byte_swapped = w.swap;
    h.nx = w.i(1), h.ny = w.i(2), h.nz = w.i(3), h.mode = w.i(4);
    for (int a = 0; a < 3; ++a) {
        h.start[a] = w.i(5 + a);
        h.cell_a[a] = w.f(11 + a);
        h.cell_b[a] = w.f(14 + a);
        h.axis_map[a] = w.i(17 + a);
        h.origin[a] = w.f(50 + a);
    }
    h.mx = w.i(8), h.my = w.i(9), h.mz = w.i(10);
    h.dmin = w.f(20), h.dmax = w.f(21), h.dmean = w.f(22);
    h.ispg = w.i(23), h.nsymbt = w.i(24);
    if (w.raw(27) != 0) h.exttyp.assign(reinterpret_cast<const char*>(bytes + 4 * 26), 4);
    h.nversion = w.i(28);
    h.has_map_word = std::memcmp(bytes + 4 * 52, "MAP ", 4) == 0;
    h.rms = w.f(55);
    const int nlabl = std::clamp(w.i(56), 0, 10);
    for (int l = 0; l < nlabl; ++l) h.labels.push_back(trim_label(bytes + 224 + 80 * l));
    check_header(h, path);
    return h;
}

std::string encode_mrc_header(const MrcHeader& h) {
    std::string out(k_mrc_header_bytes, '\0');
    put_i(out, 1, h.nx), put_i(out, 2, h.ny), put_i(out, 3, h.nz), put_i(out, 4, 2);
    for (int a = 0; a < 3; ++a) {
        put_i(out, 5 + a, h.start[a]);
        put_f(out, 11 + a, h.cell_a[a]);
        put_f(out, 14 + a, h.cell_b[a]);
        put_i(out, 17 + a, h.axis_map[a]);
        put_f(out, 50 + a, h.origin[a]);
    }
    put_i(out, 8, h.mx), put_i(out, 9, h.my), put_i(out, 10, h.mz);
    put_f(out, 20, h.dmin), put_f(out, 21, h.dmax), put_f(out, 22, h.dmean);
    put_i(out, 23, h.ispg), put_i(out, 24, 0);
    put_i(out, 28, 20140);
    std::memcpy(out.data() + 4 * 52, "MAP ", 4);
    const unsigned char machst[4] = {0x44, 0x44, 0, 0};
    std::memcpy(out.data() + 4 * 53, machst, 4);
    put_f(out, 55, h.rms);
    const int nlabl = int(std::min<std::size_t>(h.labels.size(), 10));
    put_i(out, 56, nlabl);
    for (int l = 0; l < nlabl; ++l) {
        std::string label = h.labels[l].substr(0, 80);
        label.resize(80, ' ');
        std::memcpy(out.data() + 224 + 80 * l, label.data(), 80);
    }
    return out;
}

MrcStack::MrcStack(std::string path) : m_path(std::move(path)) {
    m_fd.reset(::open(m_path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!m_fd.valid()) throw_io_error(m_path + ": cannot open: " + std::strerror(errno));
    struct stat st{};
    if (::fstat(m_fd.get(), &st) != 0) throw_io_error(m_path + ": cannot stat: " + std::strerror(errno));
    unsigned char bytes[k_mrc_header_bytes];
    const ssize_t got = ::pread(m_fd.get(), bytes, sizeof bytes, 0);
    if (got != ssize_t(sizeof bytes))
        throw_input_error(m_path + ": bad MRC header: the file holds " + std::to_string(st.st_size) +
                          " bytes, fewer than the 1024-byte header");
    m_header = parse_mrc_header(bytes, m_path);
    const std::uint64_t need = m_header.data_offset() + m_header.image_bytes() * std::uint64_t(m_header.nz);
    if (std::uint64_t(st.st_size) < need) {
        const std::uint64_t whole = (std::uint64_t(st.st_size) > m_header.data_offset())
                                        ? (std::uint64_t(st.st_size) - m_header.data_offset()) / m_header.image_bytes()
                                        : 0;
        throw_input_error(m_path + ": truncated MRC stack: the header promises " + std::to_string(m_header.nz) +
                          " images of " + std::to_string(m_header.nx) + "x" + std::to_string(m_header.ny) + " (mode " +
                          std::to_string(m_header.mode) + ", " + std::to_string(need) + " bytes), the file holds " +
                          std::to_string(st.st_size) + " bytes (" + std::to_string(whole) + " whole images)");
    }
}

void MrcStack::read(std::size_t index, float* out) const {
    if (index >= size())
        throw_input_error(m_path + ": image " + std::to_string(index + 1) + " requested, the stack holds " +
                          std::to_string(size()));
    const std::size_t n = std::size_t(m_header.nx) * std::size_t(m_header.ny);
    std::vector<unsigned char> buffer(m_header.image_bytes());
    const std::uint64_t offset = m_header.data_offset() + m_header.image_bytes() * index;
    std::size_t done = 0;
    while (done < buffer.size()) {
        const ssize_t got = ::pread(m_fd.get(), buffer.data() + done, buffer.size() - done, off_t(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0)
            throw_io_error(m_path + ": image " + std::to_string(index + 1) + ": " +
                           (got < 0 ? std::string(std::strerror(errno)) : std::string("unexpected end of file")));
        done += std::size_t(got);
    }
    const bool swap = m_header.byte_swapped;
    switch (m_header.mode) {
    case 0: convert<std::int8_t>(buffer.data(), n, false, out); break;
    case 1: convert<std::int16_t>(buffer.data(), n, swap, out); break;
    case 2: convert<float>(buffer.data(), n, swap, out); break;
    case 6: convert<std::uint16_t>(buffer.data(), n, swap, out); break;
    default:
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t v;
            std::memcpy(&v, buffer.data() + 2 * i, 2);
            out[i] = half_to_float(swap ? __builtin_bswap16(v) : v);
        }
    }
}

void write_mrc_stack(const std::string& path, int nx, int ny, std::size_t count, const float* data,
                     const MrcStackOptions& options) {
    const std::size_t n = std::size_t(nx) * std::size_t(ny) * count;
    MrcHeader h;
    h.nx = nx, h.ny = ny, h.nz = std::int32_t(count);
    h.mx = nx, h.my = ny, h.mz = 1;
    h.cell_a = {float(options.pixel_size * nx), float(options.pixel_size * ny), float(options.pixel_size)};
    double sum = 0, sum2 = 0;
    float lo = n ? data[0] : 0.f, hi = lo;
    for (std::size_t i = 0; i < n; ++i) {
        lo = std::min(lo, data[i]), hi = std::max(hi, data[i]);
        sum += data[i];
    }
    const double mean = n ? sum / double(n) : 0.0;
    for (std::size_t i = 0; i < n; ++i) sum2 += (data[i] - mean) * (data[i] - mean);
    h.dmin = lo, h.dmax = hi, h.dmean = float(mean), h.rms = float(n ? std::sqrt(sum2 / double(n)) : 0.0);
    if (!options.label.empty()) h.labels.push_back(options.label);
    core::OutputFile out(path, {.sync = false});
    out.write(encode_mrc_header(h));
    out.write(std::string_view(reinterpret_cast<const char*>(data), n * sizeof(float)));
    out.commit();
}

}  // namespace plateau::core::em
