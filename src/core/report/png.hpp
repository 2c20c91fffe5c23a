// PNG images for reports (no dependency): 8-bit greyscale, each row unfiltered, the zlib stream
// made of stored (uncompressed) deflate blocks. Meant for small pictures (galleries of class
// averages) embedded in HTML as data URIs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace plateau::core::png {

/// PNG bytes of a width x height greyscale image (row-major, one byte per pixel).
[[nodiscard]] std::string encode_gray(int width, int height, const std::vector<std::uint8_t>& pixels);

/// Maps floats to 0..255 linearly between their minimum and maximum (all 128 when flat).
[[nodiscard]] std::vector<std::uint8_t> to_gray(const float* values, std::size_t n);

/// "data:image/png;base64,..." for an <img src>.
[[nodiscard]] std::string data_uri(const std::string& png_bytes);

}  // namespace plateau::core::png
