#include "qc/trim.hpp"

#include <algorithm>

namespace plateau::qc {

ReadSpan cut_front(std::string_view seq, std::string_view qual, ReadSpan span, WindowRule rule, int offset) {
    const int w = rule.window_size;
    const int threshold = (rule.mean_quality + offset) * w;  // compare sums, not means
    if (span.length < w) return {span.end(), 0};
    int sum = 0;
    for (int i = 0; i < w - 1; ++i) sum += qual[span.begin + i];
    int start = span.end();
    for (int s = span.begin; s + w <= span.end(); ++s) {
        sum += qual[s + w - 1];
        if (s > span.begin) sum -= qual[s - 1];
        if (sum >= threshold) {
            start = s;
            break;
        }
    }
    while (start < span.end() && seq[start] == 'N') ++start;
    return {start, span.end() - start};
}

ReadSpan cut_tail(std::string_view seq, std::string_view qual, ReadSpan span, WindowRule rule, int offset) {
    const int w = rule.window_size;
    const int threshold = (rule.mean_quality + offset) * w;
    if (span.length < w) return {span.begin, 0};
    int sum = 0;
    const int last = span.end() - 1;
    for (int i = 0; i < w - 1; ++i) sum += qual[last - i];
    int stop = span.begin;  // one past the last kept base
    for (int t = last; t - w + 1 >= span.begin; --t) {
        sum += qual[t - w + 1];
        if (t < last) sum -= qual[t + 1];
        if (sum >= threshold) {
            stop = t + 1;
            break;
        }
    }
    while (stop > span.begin && seq[stop - 1] == 'N') --stop;
    return {span.begin, stop - span.begin};
}

ReadSpan cut_right(std::string_view qual, ReadSpan span, WindowRule rule, int offset) {
    const int w = rule.window_size;
    const int threshold = (rule.mean_quality + offset) * w;
    if (span.length < w) return span;
    int sum = 0;
    for (int i = 0; i < w - 1; ++i) sum += qual[span.begin + i];
    for (int s = span.begin; s + w <= span.end(); ++s) {
        sum += qual[s + w - 1];
        if (s > span.begin) sum -= qual[s - 1];
        if (sum < threshold) {
            int keep_to = s;
            while (keep_to < s + w && qual[keep_to] >= rule.mean_quality + offset) ++keep_to;
            return {span.begin, keep_to - span.begin};
        }
    }
    return span;
}

int poly_g_tail_length(std::string_view seq, int min_length) {
    constexpr int one_mismatch_per = 8;
    constexpr int max_mismatches = 5;
    const int len = static_cast<int>(seq.size());
    int mismatches = 0;
    int first_g = len;  // leftmost G of the tail seen so far
    int i = 0;
    for (; i < len; ++i) {
        if (seq[len - 1 - i] != 'G') ++mismatches;
        else first_g = len - 1 - i;
        int allowed = (i + 1) / one_mismatch_per;
        if (mismatches > max_mismatches || (mismatches > allowed && i >= min_length - 1)) break;
    }
    return i >= min_length ? len - first_g : 0;
}

int poly_x_tail_length(std::string_view seq, int min_length) {
    constexpr int one_mismatch_per = 8;
    constexpr int max_mismatches = 5;
    const int len = static_cast<int>(seq.size());
    if (len == 0) return 0;
    // The tail's base is the last non-N base; extend while mismatches stay within bounds.
    int pos = len - 1;
    while (pos >= 0 && seq[pos] == 'N') --pos;
    if (pos < 0) return 0;
    const char base = seq[pos];
    int mismatches = 0;
    int leftmost = len;
    for (int i = 0; i < len; ++i) {
        char c = seq[len - 1 - i];
        if (c == base || c == 'N') leftmost = len - 1 - i;
        else ++mismatches;
        int allowed = std::min(max_mismatches, (i + 1) / one_mismatch_per);
        if (mismatches > allowed && i >= min_length - 1) break;
        if (mismatches > max_mismatches) break;
    }
    int tail = len - leftmost;
    return tail >= min_length ? tail : 0;
}

}  // namespace plateau::qc
