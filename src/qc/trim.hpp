// Per-read trimming steps as plain functions over a window [begin, begin+length) of the read.
// Qualities are raw characters; `offset` is the Phred offset (33 or 64).
#pragma once

#include <string_view>

namespace plateau::qc {

struct ReadSpan {
    int begin = 0;
    int length = 0;
    [[nodiscard]] int end() const { return begin + length; }
};

struct WindowRule {
    int window_size = 4;
    int mean_quality = 20;
};

// cut_front: slides a window from the 5' end and removes the bases before the first window whose
// mean quality reaches the threshold, then any leading Ns. The read becomes empty if no window does.
[[nodiscard]] ReadSpan cut_front(std::string_view seq, std::string_view qual, ReadSpan span, WindowRule rule, int offset);

// cut_tail: the same from the 3' end: removes the bases after the last window (scanning 3'->5')
// whose mean quality reaches the threshold, then trailing Ns.
[[nodiscard]] ReadSpan cut_tail(std::string_view seq, std::string_view qual, ReadSpan span, WindowRule rule, int offset);

// cut_right: slides a window 5'->3'; at the first window whose mean quality is below the threshold,
// keeps that window's leading bases of good quality and removes everything after them.
[[nodiscard]] ReadSpan cut_right(std::string_view qual, ReadSpan span, WindowRule rule, int offset);

// Number of 3' bases that form a polyG tail (at least `min_length` long, one mismatch per 8 bases,
// at most 5), as fastp's polyG trimming; 0 if none.
[[nodiscard]] int poly_g_tail_length(std::string_view seq, int min_length);

// The same for a homopolymer tail of any base (polyX); 0 if none.
[[nodiscard]] int poly_x_tail_length(std::string_view seq, int min_length);

}  // namespace plateau::qc
