// Paired-end overlap analysis: slides the reverse complement of read 2 along read 1.
// offset >= 0: read 2 starts `offset` bases into read 1 (insert = offset + len2).
// offset <  0: the insert is shorter than the reads, which ran through into the adapter
//              (insert = overlap length; bases of either read beyond it are adapter).
#pragma once

#include <string>
#include <string_view>

namespace plateau::qc {

struct OverlapRule {
    int min_length = 30;
    int max_mismatches = 5;
    int max_mismatch_percent = 20;
};

struct Overlap {
    bool found = false;
    int offset = 0;
    int length = 0;
    int mismatches = 0;
    [[nodiscard]] int insert_size(int len2) const { return offset >= 0 ? offset + len2 : length; }
};

// `r2_revcomp` is the reverse complement of read 2 (the caller keeps the buffer to avoid allocations).
// Scans offsets 0,1,2,... then -1,-2,... and returns the first overlap that satisfies the rule.
[[nodiscard]] Overlap find_overlap(std::string_view r1, std::string_view r2_revcomp, OverlapRule rule);

void reverse_complement(std::string_view seq, std::string& out);

}  // namespace plateau::qc
