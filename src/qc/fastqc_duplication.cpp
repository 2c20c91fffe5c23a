// FastQC 0.11.9's "Sequence Duplication Levels" and "Overrepresented sequences", both computed from
// the ordered FastqcSequenceTracker (first 100,000 distinct sequences).
#include <algorithm>
#include <map>

#include "qc/fastqc_modules_detail.hpp"

namespace plateau::qc::detail {
namespace {

constexpr std::size_t k_slots = 16;

// DuplicationLevel.getCorrectedCount: scales the number of distinct sequences seen `level` times
// up by the chance that such a sequence had appeared before tracking stopped. FastQC compares
// total - observations (not total - level) with the count at the limit; kept as is.
double corrected_count(std::uint64_t count_at_limit, std::uint64_t total, std::uint64_t level, std::uint64_t observations) {
    const auto n = static_cast<double>(observations);
    if (count_at_limit == total) return n;
    if (total - observations < count_at_limit) return n;
    double p_not_seeing = 1;
    const double limit_of_caring = 1.0 - (n / (n + 0.01));
    const auto t = static_cast<std::int64_t>(total), d = static_cast<std::int64_t>(level);
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(count_at_limit); ++i) {
        p_not_seeing *= static_cast<double>((t - i) - d) / static_cast<double>(t - i);
        if (p_not_seeing < limit_of_caring) {
            p_not_seeing = 0;
            break;
        }
    }
    return n / (1 - p_not_seeing);
}

std::size_t slot_of(std::uint64_t level) {
    const std::uint64_t slot = level - 1;
    if (slot > 9999) return 15;
    if (slot > 4999) return 14;
    if (slot > 999) return 13;
    if (slot > 499) return 12;
    if (slot > 99) return 11;
    if (slot > 49) return 10;
    if (slot > 9) return 9;
    return static_cast<std::size_t>(slot);
}

}  // namespace

ModuleResult duplication_module(const FastqcSequenceTracker& tracker, const FastqcLimits& limits) {
    std::map<std::uint64_t, std::uint64_t> sequences_at_level;  // duplication level -> distinct sequences
    for (const auto& entry : tracker.entries()) ++sequences_at_level[entry.count];

    std::array<double, k_slots> dedup{}, raw{};
    double dedup_total = 0, raw_total = 0;
    // FastQC sums in HashMap order; ascending level differs only in the last bits of a double.
    for (const auto& [level, observations] : sequences_at_level) {
        const double count = corrected_count(tracker.count_at_unique_limit(), tracker.total_count(), level, observations);
        dedup_total += count;
        raw_total += count * static_cast<double>(level);
        dedup[slot_of(level)] += count;
        raw[slot_of(level)] += count * static_cast<double>(level);
    }
    ModuleResult r = named_result("Sequence Duplication Levels", {"1", "2", "3", "4", "5", "6", "7", "8", "9", ">10",
                                                                  ">50", ">100", ">500", ">1k", ">5k", ">10k+"});
    r.series = {{"Percentage of deduplicated", {}}, {"Percentage of total", {}}};
    for (std::size_t i = 0; i < k_slots; ++i) {
        r.series[0].values.push_back(dedup[i] / dedup_total * 100);
        r.series[1].values.push_back(raw[i] / raw_total * 100);
    }
    const double percent = raw_total == 0 ? 100 : (dedup_total / raw_total) * 100;
    r.values = {{"Total Deduplicated Percentage", percent}};
    r.verdict = verdict_of(percent < limits.duplication_error, percent < limits.duplication_warn);
    return r;
}

ModuleResult overrepresented_module(const FastqcSequenceTracker& tracker, const FastqcLimits& limits) {
    ModuleResult r = named_result("Overrepresented sequences");
    for (const auto& entry : tracker.entries()) {
        const double percent = (static_cast<double>(entry.count) / static_cast<double>(tracker.total_count())) * 100;
        if (percent > limits.overrepresented_warn) r.overrepresented.push_back({entry.sequence, entry.count, percent});
    }
    std::stable_sort(r.overrepresented.begin(), r.overrepresented.end(),
                     [](const auto& a, const auto& b) { return a.count > b.count; });
    const bool any = !r.overrepresented.empty();
    r.verdict = verdict_of(any && r.overrepresented.front().percent > limits.overrepresented_error, any);
    return r;
}

}  // namespace plateau::qc::detail
