// Exact canonical k-mer counting in two passes over the reads, deterministic at any thread count:
//   pass 1: every k-mer goes through a blocked Bloom filter (one 64-bit word per k-mer, set with one
//           atomic fetch_or); a k-mer the filter has already seen becomes a candidate in a sharded
//           hash table. Candidates are a superset of the k-mers seen twice or more.
//   pass 2: every k-mer of the reads that is a candidate is counted exactly (k-mers gathered by
//           shard, their slots found without a lock, then incremented under the shard's lock).
// Which k-mers are candidates depends on thread timing (Bloom false positives), but every k-mer
// counted twice or more is a candidate and its count is exact, so the solid set is not.
#pragma once

#include "assembly/kmer.hpp"
#include "assembly/page_allocator.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace plateau::assembly {

// 24 bytes (a KmerWord member would align the struct to 32).
struct CountedKmer {
    std::uint64_t high = 0, low = 0;
    std::uint32_t count = 0;
    [[nodiscard]] KmerWord kmer() const { return (KmerWord(high) << 64) | KmerWord(low); }
    [[nodiscard]] bool operator<(const CountedKmer& o) const { return high != o.high ? high < o.high : low < o.low; }
};

// 40 bytes for k 65-127 (two 128-bit members would align the struct to 48).
struct WideCountedKmer {
    std::uint64_t w3 = 0, w2 = 0, w1 = 0, w0 = 0;  // most significant first
    std::uint32_t count = 0;
    [[nodiscard]] KmerWord256 kmer() const {
        return {(Word128(w3) << 64) | Word128(w2), (Word128(w1) << 64) | Word128(w0)};
    }
    [[nodiscard]] bool operator<(const WideCountedKmer& o) const { return kmer() < o.kmer(); }
};

[[nodiscard]] inline CountedKmer make_counted(Word128 x, std::uint32_t count) {
    return {std::uint64_t(x >> 64), std::uint64_t(x), count};
}
[[nodiscard]] inline WideCountedKmer make_counted(KmerWord256 x, std::uint32_t count) {
    return {std::uint64_t(x.hi >> 64), std::uint64_t(x.hi), std::uint64_t(x.lo >> 64), std::uint64_t(x.lo), count};
}

/// The solid-k-mer record of a word type.
template <class W>
using CountedKmerOf = decltype(make_counted(W(), 0));

template <class W>
class BasicKmerCounter {
public:
    using Counted = CountedKmerOf<W>;
    /// bloom_bits: rounded up to a power of two; memory_cap: 0 for none (tables above it throw
    /// ErrorCode::ResourceExhausted).
    BasicKmerCounter(const BasicKmerShape<W>& shape, std::uint64_t bloom_bits, std::uint64_t memory_cap, int threads);
    ~BasicKmerCounter();
    BasicKmerCounter(const BasicKmerCounter&) = delete;
    BasicKmerCounter& operator=(const BasicKmerCounter&) = delete;

    /// Sizes the tables for about `kmers` candidates up front (before pass 1), saving the rehashes
    /// of growing from empty; they still grow if there are more.
    void reserve(std::uint64_t kmers);
    /// Pass 1 for one worker's sequence.
    void add_candidates(std::size_t worker, std::string_view seq);
    /// Ends pass 1 (flushes the workers' buffers) and frees the Bloom filter.
    void finish_candidates();
    /// Pass 2 for one worker's sequence.
    void count(std::size_t worker, std::string_view seq);
    /// Ends pass 2 (counts the k-mers still in the workers' buffers).
    void finish_counts();
    /// Raises a k-mer's count to at least `min_count`, making it a candidate first (after pass 2;
    /// sequential use only): k-mers carried from the previous k's contigs.
    void ensure_count(W canonical, std::uint32_t min_count);

    /// Histogram of exact counts (index = count, capped at size-1) over candidates counted at least once.
    [[nodiscard]] std::vector<std::uint64_t> histogram(std::size_t size) const;
    /// The k-mers counted at least `min_count` times, sorted by k-mer; the tables are then freed.
    [[nodiscard]] std::vector<Counted> take_solid(std::uint32_t min_count);
    [[nodiscard]] std::uint64_t candidates() const;
    [[nodiscard]] std::uint64_t table_bytes() const;

private:
    struct Shard;
    struct Hashed {
        W kmer;
        std::uint64_t hash;
    };
    void insert_candidates(std::size_t shard, const std::vector<Hashed>& kmers);
    void add_counts(std::size_t shard, const std::vector<Hashed>& kmers);
    void check_memory(std::uint64_t extra) const;

    BasicKmerShape<W> m_shape;
    std::uint64_t m_memory_cap;
    PageVector<std::uint64_t> m_bloom;  // updated through std::atomic_ref
    std::vector<std::unique_ptr<Shard>> m_shards;
    std::vector<std::vector<std::vector<Hashed>>> m_pending;  // worker x shard buffers
    std::vector<std::vector<Hashed>> m_scratch;  // per worker: one read's k-mers, prefetched together
    std::atomic<std::uint64_t> m_table_bytes{0};
};

using KmerCounter = BasicKmerCounter<KmerWord>;
extern template class BasicKmerCounter<KmerWord>;
extern template class BasicKmerCounter<KmerWord256>;

/// The solid threshold: the first count c >= 2 where the histogram stops falling (h[c] <= h[c+1]),
/// as long as a peak above it follows; 2 when the histogram has no such valley.
[[nodiscard]] std::uint32_t first_minimum(const std::vector<std::uint64_t>& histogram);

}  // namespace plateau::assembly
