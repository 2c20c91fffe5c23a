// Base lookup tables shared by the qc kernels (reads are upper-cased by the parser).
#pragma once

#include <array>
#include <cstdint>

namespace plateau::qc {

// A0 C1 G2 T3; anything else (N, IUPAC codes) -1.
inline constexpr std::array<std::int8_t, 256> k_acgt_code = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    t['A'] = 0;
    t['C'] = 1;
    t['G'] = 2;
    t['T'] = 3;
    return t;
}();

// A0 C1 G2 T3; anything else 4 (counted as N in statistics).
inline constexpr std::array<std::uint8_t, 256> k_base_index = [] {
    std::array<std::uint8_t, 256> t{};
    t.fill(4);
    t['A'] = 0;
    t['C'] = 1;
    t['G'] = 2;
    t['T'] = 3;
    return t;
}();

}  // namespace plateau::qc
