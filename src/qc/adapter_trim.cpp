#include "qc/adapter_trim.hpp"

#include <algorithm>

namespace plateau::qc {

int find_adapter(std::string_view seq, std::string_view adapter) {
    constexpr int min_tail_match = 8;
    constexpr int exact_below = 12;
    constexpr int one_mismatch_per = 8;
    const int len = static_cast<int>(seq.size());
    const int alen = static_cast<int>(adapter.size());
    if (alen < min_tail_match) return len;
    const int first = alen >= 16 ? -4 : 0;
    for (int pos = first; pos <= len - min_tail_match; ++pos) {
        const int from = std::max(0, -pos);
        const int compared = std::min(len - pos, alen) - from;
        if (compared < min_tail_match) break;
        const int allowed = compared < exact_below ? 0 : compared / one_mismatch_per;
        int mismatches = 0;
        const char* s = seq.data() + pos;
        const int stop = from + compared;
        for (int i = from; i < stop; ++i) {
            if (adapter[i] != s[i] && ++mismatches > allowed) break;
        }
        if (mismatches <= allowed) return std::max(pos, 0);
    }
    return len;
}

OverlapTrim overlap_adapter_trim(const Overlap& overlap, int len1, int len2, int front_trimmed1, int front_trimmed2) {
    if (!overlap.found || overlap.offset >= 0) return {len1, len2};
    return {std::min(len1, overlap.length + front_trimmed2), std::min(len2, overlap.length + front_trimmed1)};
}

}  // namespace plateau::qc
