#include "amplicon/edit_distance.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace plateau::amplicon {

int bounded_edit_distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, int limit) {
    const auto n = static_cast<long>(a.size());
    const auto m = static_cast<long>(b.size());
    const int over = limit + 1;
    if (std::labs(n - m) > limit) return over;
    constexpr int k_width = 9;  // 2 x 4 + 1
    const long w = limit;
    // row[d + w] = distance(a[0, i), b[0, i + d)) for d in [-w, w]
    std::array<int, k_width> row{}, next{};
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
                    const auto at = [&](const std::array<int, k_width>& r, long dd) {
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

}  // namespace plateau::amplicon
