// Solid k-mer lookup (solid_index.hpp).
#include "assembly/solid_index.hpp"

#include <algorithm>
#include <array>
#include <thread>

namespace plateau::assembly {

namespace {
std::size_t home_slot(std::uint64_t h, std::size_t slots) {  // as home()
    return std::size_t((std::uint64_t(std::uint32_t(h)) * slots) >> 32);
}
}  // namespace

template <class W>
BasicSolidIndex<W>::BasicSolidIndex(const BasicKmerShape<W>& shape, std::vector<Counted> solid, int threads)
    : m_shape(shape), m_solid(std::move(solid)) {
    m_table.assign(std::max<std::size_t>(16, m_solid.size() + m_solid.size() * 3 / 5), 0);
    const std::size_t slots = m_table.size();
    for (std::size_t j = 0; j < m_solid.size(); ++j) {
        const std::uint64_t h = kmer_hash(m_solid[j].kmer());
        std::size_t i = home_slot(h, slots);
        while (m_table[i] != 0) {
            if (++i == slots) i = 0;
        }
        m_table[i] = ((h >> 32) << 32) | std::uint64_t(j + 1);
    }
    build_edges(threads);
}

template <class W>
std::uint32_t BasicSolidIndex<W>::find(W canonical) const { return find_hashed(canonical, kmer_hash(canonical)); }

template <class W>
std::uint32_t BasicSolidIndex<W>::find_hashed(W canonical, std::uint64_t h) const {
    const std::uint64_t tag = (h >> 32) << 32;
    const std::size_t slots = m_table.size();
    for (std::size_t i = home(h);;) {
        const std::uint64_t v = m_table[i];
        if (v == 0) return npos;
        const std::uint32_t j = std::uint32_t(v) - 1;
        if ((v & ~std::uint64_t(0xffffffffu)) == tag && m_solid[j].kmer() == canonical) return j;
        if (++i == slots) i = 0;
    }
}

template <class W>
std::uint32_t BasicSolidIndex<W>::first_tag_match(std::uint64_t h) const {
    const std::uint64_t tag = (h >> 32) << 32;
    const std::size_t slots = m_table.size();
    for (std::size_t i = home(h);;) {
        const std::uint64_t v = m_table[i];
        if (v == 0) return npos;
        if ((v & ~std::uint64_t(0xffffffffu)) == tag) return std::uint32_t(v) - 1;
        if (++i == slots) i = 0;
    }
}

template <class W>
void BasicSolidIndex<W>::fill_edges(std::size_t from, std::size_t to) {
    constexpr std::size_t block = 16;  // k-mers; 8 neighbours each in flight
    std::array<W, 8 * block> next{};
    std::array<std::uint64_t, 8 * block> hash{};
    std::array<std::uint32_t, 8 * block> match{};
    for (std::size_t first = from; first < to; first += block) {
        const std::size_t n = std::min(block, to - first);
        for (std::size_t j = 0; j < n; ++j) {
            const W x = m_solid[first + j].kmer();
            const W rc = m_shape.reverse_complement(x);
            for (int b = 0; b < 8; ++b) {
                const std::size_t q = 8 * j + std::size_t(b);
                next[q] = m_shape.canonical(m_shape.push_right(b < 4 ? x : rc, b & 3));
                hash[q] = kmer_hash(next[q]);
                __builtin_prefetch(&m_table[home(hash[q])]);
            }
        }
        for (std::size_t q = 0; q < 8 * n; ++q) {
            match[q] = first_tag_match(hash[q]);
            if (match[q] != npos) __builtin_prefetch(&m_solid[match[q]]);
        }
        for (std::size_t j = 0; j < n; ++j) {
            unsigned mask = 0;
            for (std::size_t b = 0; b < 8; ++b) {
                const std::size_t q = 8 * j + b;
                const bool solid = match[q] != npos &&
                                   (m_solid[match[q]].kmer() == next[q] || find_hashed(next[q], hash[q]) != npos);
                if (solid) mask |= 1u << b;
            }
            m_edges[first + j] = std::uint8_t(mask);
        }
    }
}

// Each worker fills a contiguous range of k-mers: the table is the same at any thread count.
template <class W>
void BasicSolidIndex<W>::build_edges(int threads) {
    m_edges.assign(m_solid.size(), 0);
    const auto fill = [this](std::size_t from, std::size_t to) { fill_edges(from, to); };
    const std::size_t workers = std::size_t(std::clamp(threads, 1, 64));
    const std::size_t chunk = (m_solid.size() + workers - 1) / workers;
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) {
        pool.emplace_back(fill, std::min(m_solid.size(), w * chunk), std::min(m_solid.size(), (w + 1) * chunk));
    }
    fill(0, std::min(m_solid.size(), chunk));
    for (std::thread& t : pool) t.join();
}

template <class W>
int BasicSolidIndex<W>::successors(W x, std::array<W, 4>& out) const {
    int n = 0;
    for (int b = 0; b < 4; ++b) {
        const W y = m_shape.push_right(x, b);
        if (find_oriented(y) != npos) out[std::size_t(n++)] = y;
    }
    return n;
}

template <class W>
std::vector<typename BasicSolidIndex<W>::Counted> BasicSolidIndex<W>::release() {
    PageVector<std::uint64_t>().swap(m_table);
    std::vector<std::uint8_t>().swap(m_edges);
    return std::move(m_solid);
}

template <class W>
int BasicSolidIndex<W>::in_degree(W x) const {
    std::array<W, 4> scratch{};
    return successors(m_shape.reverse_complement(x), scratch);
}

template class BasicSolidIndex<KmerWord>;
template class BasicSolidIndex<KmerWord256>;

}  // namespace plateau::assembly
