// Adapter trimming by sequence and by paired-end overlap.
#pragma once

#include "qc/overlap.hpp"
#include "qc/trim.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace plateau::qc {

// Finds where an adapter starts in a read. A full-length match allows one mismatch per 8 bases;
// a partial match at the 3' end must cover at least 8 bases (exact below 12), which keeps random
// tail matches on adapter-free reads near 0.003%. Starts down to -4 are tried for adapter dimers
// whose first bases were lost (A-tailing); those return 0. Built once per run, shared by threads.
class AdapterMatcher {
public:
    AdapterMatcher() = default;
    explicit AdapterMatcher(std::string adapter);
    // Position in `seq` where the adapter starts, or seq.size() when absent.
    [[nodiscard]] int find(std::string_view seq) const;
    [[nodiscard]] const std::string& sequence() const { return m_adapter; }
    [[nodiscard]] bool empty() const { return m_adapter.empty(); }

private:
    [[nodiscard]] bool matches_at(std::string_view seq, int pos) const;
    std::string m_adapter;
    int m_seeds = 0;
    std::array<std::uint32_t, 5> m_seed_code{};
    std::array<int, 5> m_seed_offset{};
    std::array<std::uint64_t, 4096 / 64> m_seed_bitmap{};
};

// Convenience for one-off searches (tests, detection).
[[nodiscard]] inline int find_adapter(std::string_view seq, std::string_view adapter) {
    return AdapterMatcher(std::string(adapter)).find(seq);
}

// Lengths to keep when an overlap with a negative offset shows read-through into the adapter.
// front_trimmed1/2 are the bases already removed from the 5' ends of read 1 and 2.
struct OverlapTrim {
    int keep1 = 0, keep2 = 0;
};
[[nodiscard]] OverlapTrim overlap_adapter_trim(const Overlap& overlap, int len1, int len2, int front_trimmed1,
                                               int front_trimmed2);

// Adapter sequences recognised by single-end auto-detection and used for pairs by default.
struct KnownAdapter {
    std::string_view name;
    std::string_view read1;
    std::string_view read2;
};
inline constexpr KnownAdapter k_known_adapters[] = {
    {"Illumina TruSeq", "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA", "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"},
    {"Illumina Nextera", "CTGTCTCTTATACACATCT", "CTGTCTCTTATACACATCT"},
    {"Illumina Small RNA 3'", "TGGAATTCTCGGGTGCCAAGG", "GATCGTCGGACTGTAGAACTCTGAAC"},
};

}  // namespace plateau::qc
