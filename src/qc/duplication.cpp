#include "qc/duplication.hpp"

#include <cstring>

namespace plateau::qc {
namespace {

constexpr std::uint64_t k_mul = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

}  // namespace

std::uint64_t sequence_hash(std::string_view seq, std::uint64_t seed) {
    std::uint64_t h = seed ^ (seq.size() * k_mul);
    std::size_t i = 0;
    for (; i + 8 <= seq.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, seq.data() + i, 8);
        h = (h ^ mix(word)) * k_mul;
    }
    std::uint64_t tail = 0;
    if (i < seq.size()) std::memcpy(&tail, seq.data() + i, seq.size() - i);
    h = (h ^ mix(tail ^ 0xA5)) * k_mul;
    return mix(h);
}

void DuplicationCounter::add(std::uint64_t hash) {
    if (hash == 0) hash = 1;
    if ((m_distinct + 1) * 10 >= m_keys.size() * 7) grow();
    const std::size_t mask = m_keys.size() - 1;
    std::size_t slot = hash & mask;
    while (m_keys[slot] != 0 && m_keys[slot] != hash) slot = (slot + 1) & mask;
    ++m_total;
    if (m_keys[slot] == 0) {
        m_keys[slot] = hash;
        m_counts[slot] = 1;
        ++m_distinct;
    } else if (m_counts[slot] < UINT32_MAX) {
        ++m_counts[slot];
    }
}

void DuplicationCounter::grow() {
    std::vector<std::uint64_t> old_keys = std::move(m_keys);
    std::vector<std::uint32_t> old_counts = std::move(m_counts);
    const std::size_t size = old_keys.empty() ? 1024 : old_keys.size() * 2;
    m_keys.assign(size, 0);
    m_counts.assign(size, 0);
    const std::size_t mask = size - 1;
    for (std::size_t i = 0; i < old_keys.size(); ++i) {
        if (old_keys[i] == 0) continue;
        std::size_t slot = old_keys[i] & mask;
        while (m_keys[slot] != 0) slot = (slot + 1) & mask;
        m_keys[slot] = old_keys[i];
        m_counts[slot] = old_counts[i];
    }
}

double DuplicationCounter::rate() const {
    return m_total == 0 ? 0.0 : static_cast<double>(m_total - m_distinct) / static_cast<double>(m_total);
}

std::vector<std::uint64_t> DuplicationCounter::histogram(std::size_t bins) const {
    std::vector<std::uint64_t> h(bins, 0);
    if (bins == 0) return h;
    for (std::size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i] == 0) continue;
        std::size_t level = m_counts[i] < bins ? m_counts[i] : bins;
        ++h[level - 1];
    }
    return h;
}

}  // namespace plateau::qc
