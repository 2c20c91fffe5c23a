#include "qc/filter.hpp"

#include <catch2/catch.hpp>

#include <string>

using plateau::qc::FilterResult;
using plateau::qc::FilterRule;

TEST_CASE("filter_read: fastp's thresholds and precedence", "[qc][filter]") {
    const FilterRule rule;  // Q15, 40%, 5 N, length >= 15
    const std::string good(20, 'I');
    CHECK(plateau::qc::filter_read(std::string(20, 'A'), good, rule, 33) == FilterResult::pass);
    // 8 of 20 bases below Q15 is exactly 40%: allowed; 9 is too many.
    std::string q8 = std::string(8, '#') + std::string(12, 'I');
    std::string q9 = std::string(9, '#') + std::string(11, 'I');
    CHECK(plateau::qc::filter_read(std::string(20, 'A'), q8, rule, 33) == FilterResult::pass);
    CHECK(plateau::qc::filter_read(std::string(20, 'A'), q9, rule, 33) == FilterResult::low_quality);
    CHECK(plateau::qc::filter_read("NNNNN" + std::string(15, 'A'), good, rule, 33) == FilterResult::pass);
    CHECK(plateau::qc::filter_read("NNNNNN" + std::string(14, 'A'), good, rule, 33) == FilterResult::too_many_n);
    CHECK(plateau::qc::filter_read(std::string(14, 'A'), std::string(14, 'I'), rule, 33) == FilterResult::too_short);
    CHECK(plateau::qc::filter_read("", "", rule, 33) == FilterResult::too_short);
    // Quality is checked before N and length, as in fastp.
    CHECK(plateau::qc::filter_read(std::string(10, 'N'), std::string(10, '#'), rule, 33) == FilterResult::low_quality);

    FilterRule limits = rule;
    limits.length_limit = 18;
    CHECK(plateau::qc::filter_read(std::string(20, 'A'), good, limits, 33) == FilterResult::too_long);
    FilterRule complexity = rule;
    complexity.low_complexity = true;
    CHECK(plateau::qc::filter_read(std::string(20, 'A'), good, complexity, 33) == FilterResult::low_complexity);
    CHECK(plateau::qc::filter_read("ACGTACGTACGTACGTACGT", good, complexity, 33) == FilterResult::pass);
    FilterRule mean = rule;
    mean.average_quality = 30;
    CHECK(plateau::qc::filter_read(std::string(20, 'A'), std::string(20, '5'), mean, 33) == FilterResult::low_quality);  // Q20
}
