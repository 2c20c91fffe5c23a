// PNG encoding (png.hpp): signature, IHDR, one IDAT of stored deflate blocks, IEND.
#include "core/report/png.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <array>

namespace plateau::core::png {

namespace {

std::uint32_t crc32(const std::string& bytes, std::size_t from) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = from; i < bytes.size(); ++i) c = table[(c ^ std::uint8_t(bytes[i])) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

void put_be32(std::string& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xff));
}

void chunk(std::string& out, const char* type, const std::string& data) {
    put_be32(out, std::uint32_t(data.size()));
    const std::size_t start = out.size();
    out.append(type, 4);
    out += data;
    put_be32(out, crc32(out, start));
}

std::string zlib_stored(const std::string& raw) {
    std::string z = "\x78\x01";
    std::uint32_t a = 1, b = 0;
    for (unsigned char c : raw) a = (a + c) % 65521, b = (b + a) % 65521;
    std::size_t pos = 0;
    do {
        const std::size_t len = std::min<std::size_t>(65535, raw.size() - pos);
        z.push_back(pos + len == raw.size() ? 1 : 0);
        z.push_back(char(len & 0xff)), z.push_back(char(len >> 8));
        z.push_back(char(~len & 0xff)), z.push_back(char((~len >> 8) & 0xff));
        z.append(raw, pos, len);
        pos += len;
    } while (pos < raw.size());
    put_be32(z, (b << 16) | a);
    return z;
}

}  // namespace

std::string encode_gray(int width, int height, const std::vector<std::uint8_t>& pixels) {
    if (width <= 0 || height <= 0 || pixels.size() != std::size_t(width) * std::size_t(height))
        throw Error(ErrorCode::Internal, "png::encode_gray: size does not match the pixels");
    std::string out("\x89PNG\r\n\x1a\n", 8);
    std::string ihdr;
    put_be32(ihdr, std::uint32_t(width)), put_be32(ihdr, std::uint32_t(height));
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit greyscale, deflate, no filter method, no interlace
    chunk(out, "IHDR", ihdr);
    std::string raw;
    raw.reserve(pixels.size() + std::size_t(height));
    for (int y = 0; y < height; ++y) {
        raw.push_back('\0');
        raw.append(reinterpret_cast<const char*>(pixels.data()) + std::size_t(y) * std::size_t(width), std::size_t(width));
    }
    chunk(out, "IDAT", zlib_stored(raw));
    chunk(out, "IEND", "");
    return out;
}

std::vector<std::uint8_t> to_gray(const float* values, std::size_t n) {
    std::vector<std::uint8_t> out(n, 128);
    if (n == 0) return out;
    const auto [lo, hi] = std::minmax_element(values, values + n);
    if (!(*hi > *lo)) return out;
    const double scale = 255.0 / (double(*hi) - double(*lo));
    for (std::size_t i = 0; i < n; ++i) out[i] = std::uint8_t(std::clamp((values[i] - *lo) * scale + 0.5, 0.0, 255.0));
    return out;
}

std::string data_uri(const std::string& png_bytes) {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out = "data:image/png;base64,";
    std::size_t i = 0;
    for (; i + 2 < png_bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint8_t(png_bytes[i]) << 16) | (std::uint8_t(png_bytes[i + 1]) << 8) | std::uint8_t(png_bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[(v >> s) & 63]);
    }
    if (i < png_bytes.size()) {
        std::uint32_t v = std::uint8_t(png_bytes[i]) << 16;
        if (i + 1 < png_bytes.size()) v |= std::uint8_t(png_bytes[i + 1]) << 8;
        out.push_back(alphabet[(v >> 18) & 63]), out.push_back(alphabet[(v >> 12) & 63]);
        out += (i + 1 < png_bytes.size()) ? std::string(1, alphabet[(v >> 6) & 63]) + "=" : "==";
    }
    return out;
}

}  // namespace plateau::core::png
