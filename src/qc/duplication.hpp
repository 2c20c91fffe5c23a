// Exact duplication: reads (pairs) with identical sequences, tracked by a 64-bit hash of the
// sequence(s) in an open-addressing table (about 12 bytes per distinct read). Fed in input order.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace plateau::qc {

[[nodiscard]] std::uint64_t sequence_hash(std::string_view seq, std::uint64_t seed = 0);

class DuplicationCounter {
public:
    void add(std::uint64_t hash);
    [[nodiscard]] std::uint64_t total() const { return m_total; }
    [[nodiscard]] std::uint64_t distinct() const { return m_distinct; }
    [[nodiscard]] double rate() const;  // fraction of reads that repeat an earlier read
    // histogram[k-1] = number of distinct sequences seen k times (last bin collects >= size).
    [[nodiscard]] std::vector<std::uint64_t> histogram(std::size_t bins) const;

private:
    void grow();
    std::vector<std::uint64_t> m_keys;  // 0 marks an empty slot
    std::vector<std::uint32_t> m_counts;
    std::uint64_t m_total = 0, m_distinct = 0;
};

}  // namespace plateau::qc
