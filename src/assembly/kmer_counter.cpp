// Two-pass exact k-mer counting (kmer_counter.hpp).
#include "assembly/kmer_counter.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <array>
#include <bit>

namespace plateau::assembly {

namespace {
// 16 shards: few enough that each table spans whole 2 MB huge pages (page_allocator.hpp), enough
// that two to four workers rarely wait for one shard's lock.
constexpr std::size_t k_shard_bits = 4;
constexpr std::size_t k_shards = std::size_t(1) << k_shard_bits;
constexpr std::size_t k_flush_at = 256;  // workers x shards x 256 k-mers: 256 KB for 2 workers at k > 63
// No k-mer has all bits set (k <= 63 in 128 bits, k <= 127 in 256).
template <class W>
const W k_empty = ~W(0);
template <class W>
constexpr std::size_t k_slot_bytes = sizeof(W) + sizeof(std::uint32_t);

std::size_t shard_of(std::uint64_t h) { return std::size_t(h >> (64 - k_shard_bits)); }

std::uint64_t bloom_mask(std::uint64_t h) {
    std::uint64_t m = 0;
    for (int i = 0; i < 4; ++i) m |= std::uint64_t(1) << ((h >> (40 + 6 * i)) & 63);
    return m;
}
}  // namespace

template <class W>
struct BasicKmerCounter<W>::Shard {
    std::mutex mutex;
    PageVector<W> keys;
    PageVector<std::uint32_t> counts;
    std::size_t used = 0;

    // First probe: the hash's low 32 bits scaled to the table size (any size, not only powers of
    // two, so tables can grow by half; the top bits chose the shard).
    std::size_t home(std::uint64_t h) const { return std::size_t((std::uint64_t(std::uint32_t(h)) * keys.size()) >> 32); }
    // Slot of `x` (hash h), or of the empty slot where it would go.
    std::size_t find(W x, std::uint64_t h) const {
        std::size_t i = home(h);
        while (keys[i] != x && keys[i] != k_empty<W>) {
            if (++i == keys.size()) i = 0;
        }
        return i;
    }
    void rehash(std::size_t slots) {
        PageVector<W> old_keys(slots, k_empty<W>);
        PageVector<std::uint32_t> old_counts(slots, 0);
        old_keys.swap(keys);
        old_counts.swap(counts);
        for (std::size_t j = 0; j < old_keys.size(); ++j) {
            if (old_keys[j] == k_empty<W>) continue;
            const std::size_t i = find(old_keys[j], kmer_hash(old_keys[j]));
            keys[i] = old_keys[j];
            counts[i] = old_counts[j];
        }
    }
};

template <class W>
BasicKmerCounter<W>::BasicKmerCounter(const BasicKmerShape<W>& shape, std::uint64_t bloom_bits, std::uint64_t memory_cap, int threads)
    : m_shape(shape), m_memory_cap(memory_cap) {
    const std::uint64_t words = std::bit_ceil(std::max<std::uint64_t>(bloom_bits / 64, 1024));
    check_memory(words * 8 + k_shards * 1024 * k_slot_bytes<W>);
    m_bloom.assign(words, 0);
    for (std::size_t s = 0; s < k_shards; ++s) {
        m_shards.push_back(std::make_unique<Shard>());
        m_shards.back()->rehash(1024);
    }
    m_table_bytes = k_shards * 1024 * k_slot_bytes<W>;
    m_pending.assign(std::size_t(std::max(1, threads)), std::vector<std::vector<Hashed>>(k_shards));
    m_scratch.resize(std::size_t(std::max(1, threads)));
}

template <class W>
BasicKmerCounter<W>::~BasicKmerCounter() = default;

template <class W>
void BasicKmerCounter<W>::check_memory(std::uint64_t extra) const {
    const std::uint64_t need = m_table_bytes + m_bloom.size() * 8 + extra;
    if (m_memory_cap == 0 || need <= m_memory_cap) return;
    throw Error(ErrorCode::ResourceExhausted,
                "the k-mer tables need more than the --memory cap of " + std::to_string(m_memory_cap >> 20) +
                    " MB (" + std::to_string(need >> 20) + " MB with " + std::to_string(candidates()) +
                    " candidate k-mers so far); raise --memory or use a smaller k");
}

template <class W>
void BasicKmerCounter<W>::reserve(std::uint64_t kmers) {
    const std::size_t slots = std::size_t(kmers / k_shards * 4 / 3);  // load about 3/4
    for (auto& s : m_shards) {
        if (s->used > 0 || slots <= s->keys.size()) continue;
        const std::size_t extra = slots - s->keys.size();
        check_memory(extra * k_slot_bytes<W>);
        m_table_bytes += extra * k_slot_bytes<W>;
        s->rehash(slots);
    }
}

template <class W>
void BasicKmerCounter<W>::insert_candidates(std::size_t shard, const std::vector<Hashed>& kmers) {
    Shard& s = *m_shards[shard];
    std::lock_guard lock(s.mutex);
    for (const Hashed& item : kmers) __builtin_prefetch(&s.keys[s.home(item.hash)]);
    for (const Hashed& item : kmers) {
        if ((s.used + 1) * 10 > s.keys.size() * 8) {  // load 0.8, growth by half: 0.53-0.8
            const std::size_t grown = s.keys.size() / 2;
            check_memory(grown * k_slot_bytes<W>);
            m_table_bytes += grown * k_slot_bytes<W>;
            s.rehash(s.keys.size() + grown);
        }
        const std::size_t i = s.find(item.kmer, item.hash);
        if (s.keys[i] == k_empty<W>) {
            s.keys[i] = item.kmer;
            ++s.used;
        }
    }
}

// Pass 2 adds no keys, so the slots are found without the lock; only the increments take it.
template <class W>
void BasicKmerCounter<W>::add_counts(std::size_t shard, const std::vector<Hashed>& kmers) {
    Shard& s = *m_shards[shard];
    std::array<std::uint32_t, k_flush_at> hits;  // slots of the candidates among `kmers`
    std::size_t n = 0;
    for (const Hashed& item : kmers) __builtin_prefetch(&s.keys[s.home(item.hash)]);
    for (const Hashed& item : kmers) {
        const std::size_t i = s.find(item.kmer, item.hash);
        if (s.keys[i] != item.kmer) continue;
        hits[n++] = std::uint32_t(i);
        __builtin_prefetch(&s.counts[i], 1);
    }
    std::lock_guard lock(s.mutex);
    for (std::size_t j = 0; j < n; ++j) ++s.counts[hits[j]];
}

template <class W>
void BasicKmerCounter<W>::add_candidates(std::size_t worker, std::string_view seq) {
    auto& buffers = m_pending[worker];
    const std::uint64_t words_mask = m_bloom.size() - 1;
    auto& kmers = m_scratch[worker];
    kmers.clear();
    for_each_canonical_kmer(m_shape, seq, [&](W x) {
        kmers.push_back({x, kmer_hash(x)});
        __builtin_prefetch(&m_bloom[kmers.back().hash & words_mask], 1);
    });
    for (const Hashed& item : kmers) {
        const std::uint64_t m = bloom_mask(item.hash);
        std::atomic_ref<std::uint64_t> word(m_bloom[item.hash & words_mask]);
        // Most k-mers were seen before: a plain load settles them without a locked instruction.
        if ((word.load(std::memory_order_relaxed) & m) != m && (word.fetch_or(m, std::memory_order_relaxed) & m) != m) {
            continue;
        }
        auto& buffer = buffers[shard_of(item.hash)];
        buffer.push_back(item);
        if (buffer.size() >= k_flush_at) {
            insert_candidates(shard_of(item.hash), buffer);
            buffer.clear();
        }
    }
}

template <class W>
void BasicKmerCounter<W>::finish_candidates() {
    for (auto& buffers : m_pending) {
        for (std::size_t s = 0; s < k_shards; ++s) {
            insert_candidates(s, buffers[s]);
            buffers[s].clear();
        }
    }
    PageVector<std::uint64_t>().swap(m_bloom);
}

template <class W>
void BasicKmerCounter<W>::count(std::size_t worker, std::string_view seq) {
    auto& buffers = m_pending[worker];
    for_each_canonical_kmer(m_shape, seq, [&](W x) {
        const std::uint64_t h = kmer_hash(x);
        auto& buffer = buffers[shard_of(h)];
        buffer.push_back({x, h});
        if (buffer.size() >= k_flush_at) {
            add_counts(shard_of(h), buffer);
            buffer.clear();
        }
    });
}

template <class W>
void BasicKmerCounter<W>::finish_counts() {
    for (auto& buffers : m_pending) {
        for (std::size_t s = 0; s < k_shards; ++s) add_counts(s, buffers[s]);
    }
    m_pending.clear();
}

template <class W>
void BasicKmerCounter<W>::ensure_count(W canonical, std::uint32_t min_count) {
    const std::uint64_t h = kmer_hash(canonical);
    insert_candidates(shard_of(h), {{canonical, h}});
    Shard& s = *m_shards[shard_of(h)];
    std::uint32_t& c = s.counts[s.find(canonical, h)];
    c = std::max(c, min_count);
}

template <class W>
std::vector<std::uint64_t> BasicKmerCounter<W>::histogram(std::size_t size) const {
    std::vector<std::uint64_t> h(size, 0);
    for (const auto& s : m_shards) {
        for (std::uint32_t c : s->counts) {
            if (c > 0) ++h[std::min<std::size_t>(c, size - 1)];
        }
    }
    return h;
}

template <class W>
std::vector<typename BasicKmerCounter<W>::Counted> BasicKmerCounter<W>::take_solid(std::uint32_t min_count) {
    std::size_t n = 0;
    for (const auto& s : m_shards) {
        for (std::size_t i = 0; i < s->keys.size(); ++i) n += s->keys[i] != k_empty<W> && s->counts[i] >= min_count;
    }
    std::vector<Counted> solid;
    solid.reserve(n);
    advise_huge_pages(solid.data(), n * sizeof(Counted));  // the solid index looks k-mers up at random
    for (auto& s : m_shards) {
        for (std::size_t i = 0; i < s->keys.size(); ++i) {
            const W x = s->keys[i];
            if (x != k_empty<W> && s->counts[i] >= min_count) solid.push_back(make_counted(x, s->counts[i]));
        }
        s = std::make_unique<Shard>();
    }
    m_table_bytes = 0;
    std::sort(solid.begin(), solid.end());
    return solid;
}

template <class W>
std::uint64_t BasicKmerCounter<W>::candidates() const {
    std::uint64_t n = 0;
    for (const auto& s : m_shards) n += s->used;
    return n;
}

template <class W>
std::uint64_t BasicKmerCounter<W>::table_bytes() const { return m_table_bytes; }

template class BasicKmerCounter<KmerWord>;
template class BasicKmerCounter<KmerWord256>;

std::uint32_t first_minimum(const std::vector<std::uint64_t>& histogram) {
    for (std::size_t c = 2; c + 1 < histogram.size(); ++c) {
        if (histogram[c] > histogram[c + 1]) continue;
        // a valley only if a clearly higher peak follows (not a flat tail of zeros)
        const std::uint64_t peak = *std::max_element(histogram.begin() + long(c), histogram.end() - 1);
        if (peak > histogram[c] + histogram[c] / 4 && peak > 0) return std::uint32_t(c);
        return 2;
    }
    return 2;
}

}  // namespace plateau::assembly
