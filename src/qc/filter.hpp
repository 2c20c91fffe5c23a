// Read filters with fastp's semantics and precedence; a pair takes the worse of its two results.
#pragma once

#include <string_view>

namespace plateau::qc {

// Values order the failures as fastp does (the larger wins for a pair).
enum class FilterResult : int { pass = 0, too_many_n = 12, too_short = 16, too_long = 17, low_quality = 20, low_complexity = 24 };

struct FilterRule {
    bool quality = true;
    int qualified_quality = 15;
    int unqualified_percent_limit = 40;
    int n_base_limit = 5;
    int average_quality = 0;
    bool length = true;
    int length_required = 15;
    int length_limit = 0;
    bool low_complexity = false;
    int complexity_threshold = 30;
};

[[nodiscard]] FilterResult filter_read(std::string_view seq, std::string_view qual, const FilterRule& rule, int phred_offset);

// Name used in --failed-out read names and in the JSON report.
[[nodiscard]] const char* failure_name(FilterResult result);

}  // namespace plateau::qc
