// Adapter search by sequence. Checking every start position with a mismatch budget is the slow
// part of fastp's trimming; here candidates come from exact 6-mer seeds instead. A match that
// covers c >= 12 adapter bases allows c/8 mismatches, and the seeds at adapter offsets
// 0, 6, 12, 18, 24 are placed so that such a match always keeps one seed intact (pigeonhole).
// Shorter matches (8-11 bases at the 3' end, exact) and adapter dimers that lost their first
// bases are checked position by position: there are at most 4 of each.
#include "qc/adapter_trim.hpp"

#include "qc/base_codes.hpp"

#include <algorithm>

namespace plateau::qc {
namespace {

constexpr int k_min_tail_match = 8;
constexpr int k_exact_below = 12;
constexpr int k_one_mismatch_per = 8;
constexpr int k_seed = 6;
constexpr int k_last_seed_offset = 24;
constexpr int k_max_dimer_shift = 4;

int base_code(char c) { return k_acgt_code[static_cast<unsigned char>(c)]; }

}  // namespace

AdapterMatcher::AdapterMatcher(std::string adapter) : m_adapter(std::move(adapter)) {
    const int alen = static_cast<int>(m_adapter.size());
    for (int offset = 0; offset + k_seed <= alen && offset <= k_last_seed_offset; offset += k_seed) {
        std::uint32_t code = 0;
        bool valid = true;
        for (int i = 0; i < k_seed; ++i) {
            const int b = base_code(m_adapter[static_cast<std::size_t>(offset + i)]);
            valid &= b >= 0;
            code = (code << 2) | static_cast<std::uint32_t>(b & 3);
        }
        if (!valid) continue;
        m_seed_code[static_cast<std::size_t>(m_seeds)] = code;
        m_seed_offset[static_cast<std::size_t>(m_seeds++)] = offset;
        m_seed_bitmap[code >> 6] |= 1ULL << (code & 63);
    }
}

bool AdapterMatcher::matches_at(std::string_view seq, int pos) const {
    const int len = static_cast<int>(seq.size()), alen = static_cast<int>(m_adapter.size());
    const int from = std::max(0, -pos);
    const int compared = std::min(len - pos, alen) - from;
    if (compared < k_min_tail_match) return false;
    const int allowed = compared < k_exact_below ? 0 : compared / k_one_mismatch_per;
    int mismatches = 0;
    for (int i = from; i < from + compared; ++i)
        if (m_adapter[static_cast<std::size_t>(i)] != seq[static_cast<std::size_t>(pos + i)] && ++mismatches > allowed)
            return false;
    return true;
}

int AdapterMatcher::find(std::string_view seq) const {
    const int len = static_cast<int>(seq.size());
    const int alen = static_cast<int>(m_adapter.size());
    if (alen < k_min_tail_match || len < k_min_tail_match) return len;
    if (alen >= 16)
        for (int pos = -k_max_dimer_shift; pos < 0; ++pos)
            if (matches_at(seq, pos)) return 0;
    // Seeded candidates for matches of 12 or more bases: one pass of rolling 6-mer codes.
    int best = len;
    std::uint32_t code = 0;
    int run = 0;
    for (int i = 0; i < len; ++i) {
        const int b = base_code(seq[static_cast<std::size_t>(i)]);
        if (b < 0) {
            run = 0;
            continue;
        }
        code = ((code << 2) | static_cast<std::uint32_t>(b)) & 0xFFFu;
        if (++run < k_seed || !(m_seed_bitmap[code >> 6] >> (code & 63) & 1)) continue;
        const int at = i - k_seed + 1;
        if (at - k_last_seed_offset >= best) break;
        for (int k = 0; k < m_seeds; ++k) {
            if (code != m_seed_code[static_cast<std::size_t>(k)]) continue;
            const int pos = at - m_seed_offset[static_cast<std::size_t>(k)];
            if (pos >= 0 && pos < best && len - pos >= k_exact_below && matches_at(seq, pos)) best = pos;
        }
    }
    if (best < len) return best;
    // Short exact matches at the very end.
    for (int pos = std::max(0, len - k_exact_below + 1); pos <= len - k_min_tail_match; ++pos)
        if (matches_at(seq, pos)) return pos;
    return len;
}

OverlapTrim overlap_adapter_trim(const Overlap& overlap, int len1, int len2, int front_trimmed1, int front_trimmed2) {
    if (!overlap.found || overlap.offset >= 0) return {len1, len2};
    return {std::min(len1, overlap.length + front_trimmed2), std::min(len2, overlap.length + front_trimmed1)};
}

}  // namespace plateau::qc
