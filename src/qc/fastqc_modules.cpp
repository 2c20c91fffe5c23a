// FastQC 0.11.9's per-position and per-read modules (quality, content, N, length, adapters),
// Basic Statistics, the default base grouping, and fastqc_modules() which assembles them all.
#include "qc/fastqc_modules.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "qc/fastqc_modules_detail.hpp"

namespace plateau::qc {
namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// FastQC guesses the encoding from the lowest quality character (126 when there is none).
struct Encoding {
    int lowest_char = 126;
    int shift = 0;  // Phred+33 value minus the Phred value FastQC reports (31 for Illumina 1.3/1.5)
    const char* name = "Illumina 1.5";
};

Encoding detect_encoding(const FastqcInput& input) {
    Encoding e;
    for (const auto& counts : input.quality_hist) {
        for (int q = 0; q <= k_fastqc_max_phred && q + 33 < e.lowest_char; ++q) {
            if (counts[static_cast<std::size_t>(q)] > 0) e.lowest_char = q + 33;
        }
    }
    if (e.lowest_char < 64) {
        e.shift = 0;
        e.name = "Sanger / Illumina 1.9";
    } else {
        e.shift = 31;
        e.name = e.lowest_char == 65 ? "Illumina 1.3" : "Illumina 1.5";
    }
    return e;
}

std::vector<std::string> group_labels(const std::vector<BaseGroup>& groups) {
    std::vector<std::string> labels;
    labels.reserve(groups.size());
    for (const auto& g : groups) labels.push_back(g.label());
    return labels;
}

std::uint64_t total_of(const std::vector<std::uint64_t>& counts) {
    std::uint64_t total = 0;
    for (auto c : counts) total += c;
    return total;
}

// QualityCount.getPercentile: first value whose cumulative count reaches floor(total*p/100).
double position_percentile(const std::vector<std::uint64_t>& counts, std::uint64_t total, int shift, int percentile) {
    const std::uint64_t target = total * static_cast<std::uint64_t>(percentile) / 100;
    std::uint64_t seen = 0;
    for (int q = shift; q <= k_fastqc_max_phred; ++q) {
        seen += counts[static_cast<std::size_t>(q)];
        if (seen >= target) return q - shift;
    }
    return -1;
}

double position_mean(const std::vector<std::uint64_t>& counts, std::uint64_t total, int shift) {
    std::uint64_t sum = 0;
    for (int q = shift; q <= k_fastqc_max_phred; ++q) sum += counts[static_cast<std::size_t>(q)] * static_cast<std::uint64_t>(q - shift);
    return static_cast<double>(sum) / static_cast<double>(total);
}

ModuleResult per_base_quality(const FastqcInput& input, const Encoding& enc, const FastqcLimits& lim) {
    static constexpr std::array<std::pair<const char*, int>, 5> k_percentiles{
        {{"Median", 50}, {"Lower Quartile", 25}, {"Upper Quartile", 75}, {"10th Percentile", 10}, {"90th Percentile", 90}}};
    const auto groups = fastqc_base_groups(input.quality_hist.size());
    ModuleResult r = detail::named_result("Per base sequence quality", group_labels(groups));
    r.series.push_back({"Mean", {}});
    for (const auto& [name, pct] : k_percentiles) r.series.push_back({name, {}});
    bool error = false, warn = false;
    for (const auto& g : groups) {
        double mean_sum = 0;
        std::size_t mean_n = 0, pct_n = 0;
        std::array<double, 5> pct_sum{};
        for (std::size_t pos = g.lower - 1; pos < g.upper; ++pos) {
            const auto& counts = input.quality_hist[pos];
            const std::uint64_t total = total_of(counts);
            if (total > 0) {
                mean_sum += position_mean(counts, total, enc.shift);
                ++mean_n;
            }
            if (total > 100) {  // FastQC's percentiles skip positions with 100 bases or fewer
                for (std::size_t k = 0; k < k_percentiles.size(); ++k) {
                    pct_sum[k] += position_percentile(counts, total, enc.shift, k_percentiles[k].second);
                }
                ++pct_n;
            }
        }
        r.series[0].values.push_back(mean_n > 0 ? mean_sum / static_cast<double>(mean_n) : 0.0);
        for (std::size_t k = 0; k < k_percentiles.size(); ++k) {
            r.series[k + 1].values.push_back(pct_n > 0 ? pct_sum[k] / static_cast<double>(pct_n) : k_nan);
        }
        const double median = r.series[1].values.back(), lower = r.series[2].values.back();
        if (std::isnan(lower)) continue;
        error = error || lower < lim.quality_base_lower_error || median < lim.quality_base_median_error;
        warn = warn || lower < lim.quality_base_lower_warn || median < lim.quality_base_median_warn;
    }
    r.verdict = detail::verdict_of(error, warn);
    return r;
}

ModuleResult per_sequence_quality(const FastqcInput& input, const Encoding& enc, const FastqcLimits& lim) {
    const auto& hist = input.mean_quality_hist;
    std::size_t first = hist.size(), last = 0;
    for (std::size_t q = 0; q < hist.size(); ++q) {
        if (hist[q] == 0) continue;
        first = std::min(first, q);
        last = q;
    }
    ModuleResult r = detail::named_result("Per sequence quality scores");
    r.series.push_back({"Count", {}});
    double max_count = 0;  // an int in FastQC: counts above INT_MAX saturate
    int most_frequent = 0;
    for (std::size_t q = first; q <= last; ++q) {
        const int score = static_cast<int>(q) - enc.shift;
        const auto count = static_cast<double>(hist[q]);
        r.x_labels.push_back(std::to_string(score));
        r.series[0].values.push_back(count);
        if (count > max_count) {
            max_count = std::min(count, static_cast<double>(std::numeric_limits<std::int32_t>::max()));
            most_frequent = score;
        }
    }
    r.values.emplace_back("Most frequent mean quality", most_frequent);
    r.verdict = detail::verdict_of(most_frequent <= lim.quality_sequence_error, most_frequent <= lim.quality_sequence_warn);
    return r;
}

ModuleResult per_base_content(const FastqcInput& input, const FastqcLimits& lim) {
    const auto groups = fastqc_base_groups(input.base_counts.size());
    ModuleResult r = detail::named_result("Per base sequence content", group_labels(groups));
    r.series = {{"G", {}}, {"A", {}}, {"T", {}}, {"C", {}}};
    bool error = false, warn = false;
    for (const auto& g : groups) {
        std::array<std::uint64_t, 4> acgt{};
        for (std::size_t pos = g.lower - 1; pos < g.upper; ++pos) {
            for (std::size_t b = 0; b < 4; ++b) acgt[b] += input.base_counts[pos][b];
        }
        const auto total = static_cast<double>(acgt[0] + acgt[1] + acgt[2] + acgt[3]);
        const double a = (static_cast<double>(acgt[0]) / total) * 100, c = (static_cast<double>(acgt[1]) / total) * 100;
        const double gp = (static_cast<double>(acgt[2]) / total) * 100, t = (static_cast<double>(acgt[3]) / total) * 100;
        r.series[0].values.push_back(gp);
        r.series[1].values.push_back(a);
        r.series[2].values.push_back(t);
        r.series[3].values.push_back(c);
        const double gc_diff = std::abs(c - gp), at_diff = std::abs(t - a);  // NaN (no A/C/G/T) never flags
        error = error || gc_diff > lim.sequence_error || at_diff > lim.sequence_error;
        warn = warn || gc_diff > lim.sequence_warn || at_diff > lim.sequence_warn;
    }
    r.verdict = detail::verdict_of(error, warn);
    return r;
}

// reads_covering[pos] = reads longer than pos, i.e. bases seen at 0-based position pos.
std::vector<std::uint64_t> reads_covering(const FastqcInput& input) {
    std::vector<std::uint64_t> covering(input.base_counts.size(), 0);
    std::uint64_t longer = 0;
    for (std::size_t len = input.length_hist.size(); len-- > 0;) {
        if (len < covering.size()) covering[len] = longer;
        longer += input.length_hist[len];
    }
    return covering;
}

ModuleResult n_content(const FastqcInput& input, const FastqcLimits& lim) {
    const auto groups = fastqc_base_groups(input.base_counts.size());
    const auto covering = reads_covering(input);
    ModuleResult r = detail::named_result("Per base N content", group_labels(groups));
    r.series.push_back({"N-Count", {}});
    bool error = false, warn = false;
    for (const auto& g : groups) {
        std::uint64_t n = 0, total = 0;
        for (std::size_t pos = g.lower - 1; pos < g.upper; ++pos) {
            n += input.base_counts[pos][4];
            total += covering[pos];
        }
        const double percent = 100 * (static_cast<double>(n) / static_cast<double>(total));
        r.series[0].values.push_back(percent);
        error = error || percent > lim.n_content_error;
        warn = warn || percent > lim.n_content_warn;
    }
    r.verdict = detail::verdict_of(error, warn);
    return r;
}

// SequenceLengthDistribution.getSizeDistribution: {first bin start, bin width}.
std::pair<std::size_t, std::size_t> length_bins(std::size_t min, std::size_t max) {
    std::size_t base = 1;
    while (base > max - min) base /= 10;
    for (;; base *= 10) {
        for (std::size_t division : {1, 2, 5}) {
            const std::size_t width = base * division;
            if ((max - min) / width <= 50) return {(min / width) * width, width};
        }
    }
}

ModuleResult length_distribution(const FastqcInput& input, const FastqcLimits& lim) {
    const auto& hist = input.length_hist;
    std::size_t min_len = 0, max_len = 0, distinct = 0;
    for (std::size_t len = 0; len < hist.size(); ++len) {
        if (hist[len] == 0) continue;
        if (distinct++ == 0) min_len = len;
        max_len = len;
    }
    if (min_len > 0) --min_len;
    ++max_len;
    const auto [start, width] = length_bins(min_len, max_len);
    ModuleResult r = detail::named_result("Sequence Length Distribution");
    r.series.push_back({"Count", {}});
    for (std::size_t lo = start; lo <= max_len; lo += width) {
        const std::size_t hi = std::min(lo + width - 1, max_len);
        double count = 0;
        for (std::size_t len = lo; len <= hi && len < hist.size(); ++len) count += static_cast<double>(hist[len]);
        r.x_labels.push_back(width == 1 ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi));
        r.series[0].values.push_back(count);
    }
    const bool error = lim.sequence_length_error != 0 && !hist.empty() && hist[0] > 0;
    r.verdict = detail::verdict_of(error, lim.sequence_length_warn != 0 && distinct > 1);
    return r;
}

ModuleResult adapter_content(const FastqcInput& input, const FastqcLimits& lim) {
    const std::uint64_t reads = total_of(input.length_hist);
    std::size_t longest = 0;  // FastQC only records lengths above the adapter length
    for (std::size_t len = 0; len < input.length_hist.size(); ++len) {
        if (input.length_hist[len] > 0 && len > k_fastqc_adapter_length) longest = len;
    }
    const std::size_t positions = longest > 0 ? longest - k_fastqc_adapter_length + 1 : 0;
    const auto groups = fastqc_base_groups(positions);
    ModuleResult r = detail::named_result("Adapter Content", group_labels(groups));
    const auto& early = input.sequences.early_adapter_reads();
    bool error = false, warn = longest == 0;  // "read length is too short" is a warning
    for (std::size_t a = 0; a < k_fastqc_adapter_count; ++a) {
        // Cumulative: reads whose first hit is at or before each position.
        std::vector<std::uint64_t> cumulative(positions, 0);
        std::uint64_t running = 0;
        for (std::size_t p = 0; p < positions; ++p) {
            if (p < input.adapter_hist[a].size()) running += input.adapter_hist[a][p];
            cumulative[p] = running - std::min(running, early[a]);  // early reads all hit at 0
        }
        Series s{std::string(k_fastqc_adapters[a].name), {}};
        for (const auto& g : groups) {
            double sum = 0;
            for (std::size_t p = g.lower - 1; p < g.upper; ++p) {
                sum += (static_cast<double>(cumulative[p]) * 100.0) / static_cast<double>(reads);
            }
            const double value = sum / static_cast<double>(g.upper - g.lower + 1);
            s.values.push_back(value);
            error = error || value > lim.adapter_error;
            warn = warn || value > lim.adapter_warn;
        }
        r.series.push_back(std::move(s));
    }
    r.verdict = detail::verdict_of(error, warn);
    return r;
}

ModuleResult basic_statistics(const FastqcInput& input, const Encoding& enc) {
    std::uint64_t reads = 0, gc = 0, acgt = 0;
    std::size_t min_len = 0, max_len = 0;
    for (std::size_t len = 0; len < input.length_hist.size(); ++len) {
        if (input.length_hist[len] == 0) continue;
        if (reads == 0) min_len = len;
        max_len = len;
        reads += input.length_hist[len];
    }
    for (const auto& b : input.base_counts) {
        gc += b[1] + b[2];
        acgt += b[0] + b[1] + b[2] + b[3];
    }
    ModuleResult r = detail::named_result("Basic Statistics");
    r.info = {{"File type", reads > 0 ? "Conventional base calls" : "null"},  // FastQC prints Java's null
              {"Encoding", enc.name},
              {"Total Sequences", std::to_string(reads)},
              {"Sequences flagged as poor quality", "0"},
              {"Sequence length", min_len == max_len ? std::to_string(min_len)
                                                     : std::to_string(min_len) + "-" + std::to_string(max_len)},
              {"%GC", std::to_string(acgt > 0 ? gc * 100 / acgt : 0)}};
    return r;
}

}  // namespace

std::string BaseGroup::label() const {
    return lower == upper ? std::to_string(lower) : std::to_string(lower) + "-" + std::to_string(upper);
}

std::vector<BaseGroup> fastqc_base_groups(std::size_t max_length) {
    std::vector<BaseGroup> groups;
    if (max_length <= 75) {
        for (std::size_t pos = 1; pos <= max_length; ++pos) groups.push_back({pos, pos});
        return groups;
    }
    // BaseGroup.getLinearInterval: the smallest of 2, 5, 10, 20, 50, ... giving fewer than 75 groups.
    std::size_t interval = 0;
    for (std::size_t multiplier = 1; interval == 0; multiplier *= 10) {
        for (std::size_t base : {2, 5, 10}) {
            const std::size_t step = base * multiplier;
            const std::size_t count = 9 + (max_length - 9 + step - 1) / step;
            if (count < 75) {
                interval = step;
                break;
            }
        }
    }
    for (std::size_t start = 1; start <= max_length;) {
        std::size_t end = start + interval - 1;
        if (start < 10) end = start;
        if (start == 10 && interval > 10) end = interval - 1;
        groups.push_back({start, std::min(end, max_length)});
        start = start < 10 ? start + 1 : (start == 10 && interval > 10 ? interval : start + interval);
    }
    return groups;
}

std::string_view verdict_label(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass: return "PASS";
        case Verdict::warn: return "WARN";
        case Verdict::fail: return "FAIL";
    }
    return "PASS";
}

std::vector<ModuleResult> fastqc_modules(const FastqcInput& input, const FastqcLimits& limits) {
    const Encoding enc = detect_encoding(input);
    std::vector<ModuleResult> modules;
    modules.push_back(basic_statistics(input, enc));
    if (!input.quality_hist.empty()) modules.push_back(per_base_quality(input, enc, limits));
    std::string why_no_tiles;
    if (auto tiles = detail::per_tile_module(input.tiles, limits, why_no_tiles)) {
        modules.push_back(std::move(*tiles));
    } else {
        modules.push_back(detail::named_result("Per tile sequence quality"));
        modules.back().applicable = false;
        modules.back().note = why_no_tiles;
    }
    if (total_of(input.mean_quality_hist) > 0) modules.push_back(per_sequence_quality(input, enc, limits));
    modules.push_back(per_base_content(input, limits));
    modules.push_back(detail::gc_content_module(input, limits));
    modules.push_back(n_content(input, limits));
    modules.push_back(length_distribution(input, limits));
    modules.push_back(detail::duplication_module(input.sequences, limits));
    modules.push_back(detail::overrepresented_module(input.sequences, limits));
    modules.push_back(adapter_content(input, limits));
    return modules;
}

}  // namespace plateau::qc
