#include "amplicon/edit_distance.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>

namespace plateau::amplicon {

namespace {
// Row: std::array<int, 9> for limits up to 4, std::vector<int> beyond.
template <typename Row>
int banded_distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, int limit, Row row) {
    const auto n = static_cast<long>(a.size());
    const auto m = static_cast<long>(b.size());
    const int over = limit + 1;
    const long w = limit;
    // row[d + w] = distance(a[0, i), b[0, i + d)) for d in [-w, w]
    Row next = row;
    for (long d = -w; d <= w; ++d) row[static_cast<std::size_t>(d + w)] = d < 0 ? over : static_cast<int>(d);
    for (long i = 1; i <= n; ++i) {
        int best = over;
        for (long d = -w; d <= w; ++d) {
            const long j = i + d;
            int v = over;
            if (j >= 0 && j <= m) {
                if (j == 0) {
                    v = static_cast<int>(i);
                } else {
                    const auto at = [&](const Row& r, long dd) {
                        return dd < -w || dd > w ? over : r[static_cast<std::size_t>(dd + w)];
                    };
                    const int diag = at(row, d) + (a[static_cast<std::size_t>(i - 1)] == b[static_cast<std::size_t>(j - 1)] ? 0 : 1);
                    const int up = at(row, d + 1) + 1;     // a[i-1] deleted: (i-1, j)
                    const int left = at(next, d - 1) + 1;  // b[j-1] inserted: (i, j-1)
                    v = std::min({diag, up, left});
                }
            }
            next[static_cast<std::size_t>(d + w)] = std::min(v, over);
            best = std::min(best, next[static_cast<std::size_t>(d + w)]);
        }
        if (best > limit) return over;
        row = next;
    }
    const long d = m - n;
    return row[static_cast<std::size_t>(d + w)];
}
}  // namespace

int bounded_edit_distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, int limit) {
    if (std::labs(static_cast<long>(a.size()) - static_cast<long>(b.size())) > limit) return limit + 1;
    if (limit <= 4) return banded_distance(a, b, limit, std::array<int, 9>{});
    return banded_distance(a, b, limit, std::vector<int>(static_cast<std::size_t>(2 * limit + 1)));
}

namespace {
std::uint8_t base_at(PackedSequence s, std::uint32_t k) {
    return static_cast<std::uint8_t>((s.words[k / 32] >> (2 * (k % 32))) & 3U);
}

std::uint32_t common_prefix(PackedSequence a, PackedSequence b) {
    const std::uint32_t shorter = std::min(a.length, b.length);
    std::uint32_t k = 0;
    for (std::uint32_t w = 0; k < shorter; ++w, k += 32) {
        const std::uint64_t diff = a.words[w] ^ b.words[w];
        if (diff != 0) return std::min(shorter, k + static_cast<std::uint32_t>(std::countr_zero(diff)) / 2);
    }
    return shorter;
}
}  // namespace

int bounded_edit_distance(PackedSequence a, PackedSequence b, int limit, std::vector<std::uint8_t>& scratch_a,
                          std::vector<std::uint8_t>& scratch_b) {
    if (std::labs(static_cast<long>(a.length) - static_cast<long>(b.length)) > limit) return limit + 1;
    const std::uint32_t prefix = common_prefix(a, b);
    std::uint32_t suffix = 0;
    while (suffix < a.length - prefix && suffix < b.length - prefix &&
           base_at(a, a.length - 1 - suffix) == base_at(b, b.length - 1 - suffix)) {
        ++suffix;
    }
    scratch_a.clear();
    scratch_b.clear();
    for (std::uint32_t k = prefix; k < a.length - suffix; ++k) scratch_a.push_back(base_at(a, k));
    for (std::uint32_t k = prefix; k < b.length - suffix; ++k) scratch_b.push_back(base_at(b, k));
    return bounded_edit_distance(scratch_a, scratch_b, limit);
}

namespace {
// 32 bases of s from position pos (bases past the end read as 0).
std::uint64_t window(PackedSequence s, std::uint32_t pos) {
    const std::uint32_t w = pos / 32, shift = 2 * (pos % 32);
    std::uint64_t x = s.words[w] >> shift;
    if (shift != 0 && w + 1 < (s.length + 31) / 32) x |= s.words[w + 1] << (64 - shift);
    return x;
}

// Equal bases from a[i], b[j] onwards, at most n.
std::uint32_t match_forward(PackedSequence a, std::uint32_t i, PackedSequence b, std::uint32_t j, std::uint32_t n) {
    for (std::uint32_t k = 0; k < n; k += 32) {
        const std::uint64_t x = window(a, i + k) ^ window(b, j + k);
        if (x != 0) return std::min(n, k + static_cast<std::uint32_t>(std::countr_zero(x)) / 2);
    }
    return n;
}

// Equal bases backwards from a[ea - 1], b[eb - 1], at most n.
std::uint32_t match_backward(PackedSequence a, std::uint32_t ea, PackedSequence b, std::uint32_t eb, std::uint32_t n) {
    for (std::uint32_t k = 0; k < n; k += 32) {
        const std::uint32_t take = std::min<std::uint32_t>(32, n - k);
        std::uint64_t x = window(a, ea - k - take) ^ window(b, eb - k - take);
        if (take < 32) x &= (std::uint64_t{1} << (2 * take)) - 1;
        if (x != 0) return k + take - 1 - static_cast<std::uint32_t>(63 - std::countl_zero(x)) / 2;
    }
    return n;
}

struct Span {
    std::uint32_t begin = 0, end = 0;
};

bool within(PackedSequence a, Span sa, PackedSequence b, Span sb, int limit) {
    const std::uint32_t p = match_forward(a, sa.begin, b, sb.begin, std::min(sa.end - sa.begin, sb.end - sb.begin));
    sa.begin += p;
    sb.begin += p;
    const std::uint32_t q = match_backward(a, sa.end, b, sb.end, std::min(sa.end - sa.begin, sb.end - sb.begin));
    sa.end -= q;
    sb.end -= q;
    const auto la = static_cast<long>(sa.end - sa.begin), lb = static_cast<long>(sb.end - sb.begin);
    if (la == 0 || lb == 0) return std::max(la, lb) <= limit;  // only indels remain
    if (limit <= 1) return limit == 1 && la == 1 && lb == 1;     // first and last bases differ
    if (std::labs(la - lb) > limit) return false;
    const Span a1{sa.begin + 1, sa.end}, b1{sb.begin + 1, sb.end};
    return within(a, a1, b, b1, limit - 1) || within(a, a1, b, sb, limit - 1) || within(a, sa, b, b1, limit - 1);
}
}  // namespace

bool within_edits(PackedSequence a, PackedSequence b, int limit) {
    if (std::labs(static_cast<long>(a.length) - static_cast<long>(b.length)) > limit) return false;
    return within(a, {0, a.length}, b, {0, b.length}, limit);
}

}  // namespace plateau::amplicon
