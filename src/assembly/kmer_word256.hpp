// A 256-bit unsigned word for k-mers of k 65 to 127 (kmer.hpp holds k <= 63 in 128 bits): two
// 128-bit halves with the operators the k-mer code uses (shifts, bitwise and, or, not, order).
#pragma once

#include <cstdint>

namespace plateau::assembly {

__extension__ typedef unsigned __int128 Word128;

struct KmerWord256 {
    Word128 hi = 0, lo = 0;

    constexpr KmerWord256() = default;
    constexpr KmerWord256(Word128 low) : lo(low) {}  // NOLINT: integers convert, as for __int128
    constexpr KmerWord256(Word128 high, Word128 low) : hi(high), lo(low) {}

    constexpr explicit operator int() const { return int(lo); }
    constexpr explicit operator std::uint64_t() const { return std::uint64_t(lo); }

    friend constexpr KmerWord256 operator<<(KmerWord256 x, int s) {
        if (s == 0) return x;
        if (s >= 128) return {x.lo << (s - 128), 0};
        return {(x.hi << s) | (x.lo >> (128 - s)), x.lo << s};
    }
    friend constexpr KmerWord256 operator>>(KmerWord256 x, int s) {
        if (s == 0) return x;
        if (s >= 128) return {0, x.hi >> (s - 128)};
        return {x.hi >> s, (x.lo >> s) | (x.hi << (128 - s))};
    }
    friend constexpr KmerWord256 operator|(KmerWord256 a, KmerWord256 b) { return {a.hi | b.hi, a.lo | b.lo}; }
    friend constexpr KmerWord256 operator&(KmerWord256 a, KmerWord256 b) { return {a.hi & b.hi, a.lo & b.lo}; }
    friend constexpr KmerWord256 operator~(KmerWord256 a) { return {~a.hi, ~a.lo}; }
    friend constexpr bool operator==(KmerWord256 a, KmerWord256 b) { return a.hi == b.hi && a.lo == b.lo; }
    friend constexpr bool operator!=(KmerWord256 a, KmerWord256 b) { return !(a == b); }
    friend constexpr bool operator<(KmerWord256 a, KmerWord256 b) { return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo; }
};

}  // namespace plateau::assembly
