#include "qc/filter.hpp"

namespace plateau::qc {

FilterResult filter_read(std::string_view seq, std::string_view qual, const FilterRule& rule, int phred_offset) {
    const int len = static_cast<int>(seq.size());
    if (len == 0) return FilterResult::too_short;
    if (rule.quality) {
        const int low_threshold = rule.qualified_quality + phred_offset;
        int low = 0, n_bases = 0, quality_sum = 0;
        for (int i = 0; i < len; ++i) {
            const int q = static_cast<unsigned char>(qual[i]);
            low += q < low_threshold;
            quality_sum += q - phred_offset;
            n_bases += seq[i] == 'N';
        }
        if (low > rule.unqualified_percent_limit * len / 100.0) return FilterResult::low_quality;
        if (rule.average_quality > 0 && quality_sum / len < rule.average_quality) return FilterResult::low_quality;
        if (n_bases > rule.n_base_limit) return FilterResult::too_many_n;
    }
    if (rule.length) {
        if (len < rule.length_required) return FilterResult::too_short;
        if (rule.length_limit > 0 && len > rule.length_limit) return FilterResult::too_long;
    }
    if (rule.low_complexity) {
        if (len <= 1) return FilterResult::low_complexity;
        int changes = 0;
        for (int i = 0; i + 1 < len; ++i) changes += seq[i] != seq[i + 1];
        if (changes * 100.0 / (len - 1) < rule.complexity_threshold) return FilterResult::low_complexity;
    }
    return FilterResult::pass;
}

const char* failure_name(FilterResult result) {
    switch (result) {
    case FilterResult::pass: return "passed";
    case FilterResult::too_many_n: return "too_many_N";
    case FilterResult::too_short: return "too_short";
    case FilterResult::too_long: return "too_long";
    case FilterResult::low_quality: return "low_quality";
    case FilterResult::low_complexity: return "low_complexity";
    }
    return "unknown";
}

}  // namespace plateau::qc
