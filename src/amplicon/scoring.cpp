#include "amplicon/scoring.hpp"

#include <algorithm>
#include <numeric>

namespace plateau::amplicon {

Scoring make_scoring(std::int64_t match_reward, std::int64_t mismatch_penalty, std::int64_t gap_opening,
                     std::int64_t gap_extension) {
    Scoring s;
    s.mismatch = 2 * match_reward + 2 * mismatch_penalty;
    s.gap_open = 2 * gap_opening;
    s.gap_extend = match_reward + 2 * gap_extension;
    const std::int64_t factor = std::gcd(std::gcd(s.mismatch, s.gap_open), s.gap_extend);
    s.mismatch /= factor;
    s.gap_open /= factor;
    s.gap_extend /= factor;
    return s;
}

std::int64_t Scoring::diff_saturation_8() const {
    constexpr std::int64_t k_byte = 255;
    return std::min(k_byte / mismatch, k_byte / first_gap());
}

std::int64_t Scoring::saturated_cost(int differences) const {
    return differences > diff_saturation_8() ? 65535 : 255;
}

std::int64_t Scoring::diff_saturation_16() const {
    constexpr std::int64_t k_word = 65535;
    return std::min(k_word / mismatch, (k_word - gap_open) / gap_extend);
}

}  // namespace plateau::amplicon
