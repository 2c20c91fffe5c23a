// SINTAX rows and their bit-sliced sums (sintax_rows.hpp).
#include "amplicon/sintax_rows.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace plateau::amplicon {

namespace {

// Rows of 8-mers with at least this many bytes of postings (varint gaps: one or two bytes each)
// are stored; the rarer 8-mers' rows are built per query.
std::size_t stored_threshold(std::size_t references) { return std::max<std::size_t>(16, references / 16); }

// Mapped postings are let go every this many bytes read, so the pass over them does not leave the
// whole section resident.
constexpr std::ptrdiff_t k_release_bytes = std::ptrdiff_t{1} << 20;

// Reference numbers of 8-mer `kmer` as positions (in the order of the references).
void positions_of(const TaxonomyIndex& index, const std::vector<std::uint32_t>& position, std::uint32_t kmer,
                  std::vector<std::uint32_t>& out) {
    out.clear();
    const unsigned char* p = index.sintax_begin(kmer);
    const unsigned char* end = index.sintax_end(kmer);
    std::uint32_t r = 0;
    while (p < end) {
        r += read_varint(p);
        out.push_back(position[r]);
    }
}

void write_varint(std::vector<unsigned char>& out, std::uint32_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<unsigned char>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<unsigned char>(v));
}

}  // namespace

SintaxRowTable::SintaxRowTable(const TaxonomyIndex& index) {
    const std::size_t n = index.references();
    m_words = std::max<std::size_t>(4, ((n + 63) / 64 + 3) / 4 * 4);
    m_order.resize(n);
    std::iota(m_order.begin(), m_order.end(), 0U);
    std::vector<std::uint32_t> length(n);
    for (std::size_t r = 0; r < n; ++r) length[r] = index.length(r);
    std::stable_sort(m_order.begin(), m_order.end(), [&](std::uint32_t a, std::uint32_t b) { return length[a] < length[b]; });
    m_position.resize(n);
    for (std::size_t at = 0; at < n; ++at) m_position[m_order[at]] = static_cast<std::uint32_t>(at);
    m_zero.assign(m_words, 0);
    m_slot.assign(k_kmer_count, k_none);
    const std::size_t threshold = stored_threshold(n);
    std::uint32_t stored = 0;
    for (std::uint32_t w = 0; w < k_kmer_count; ++w) {
        if (static_cast<std::size_t>(index.sintax_end(w) - index.sintax_begin(w)) >= threshold) m_slot[w] = stored++;
    }
    m_rows.assign(static_cast<std::size_t>(stored) * m_words, 0);
    copy_postings(index);
}

// Stored rows get their bits, the other 8-mers their positions (varint gaps) in memory of our own;
// the mapped postings are let go as the pass goes (no query reads them afterwards).
void SintaxRowTable::copy_postings(const TaxonomyIndex& index) {
    m_rare_offsets.assign(k_kmer_count + 1, 0);
    std::vector<std::uint32_t> at;
    const unsigned char* kept = index.sintax_begin(0);
    for (std::uint32_t w = 0; w < k_kmer_count; ++w) {
        positions_of(index, m_position, w, at);
        if (m_slot[w] != k_none) {
            std::uint64_t* row = &m_rows[static_cast<std::size_t>(m_slot[w]) * m_words];
            for (std::uint32_t x : at) row[x >> 6] |= std::uint64_t{1} << (x & 63);
        } else {
            std::sort(at.begin(), at.end());
            std::uint32_t last = 0;
            for (std::uint32_t x : at) {
                write_varint(m_rare, x - last);
                last = x;
            }
        }
        m_rare_offsets[w + 1] = static_cast<std::uint32_t>(m_rare.size());
        if (index.sintax_end(w) - kept >= k_release_bytes) {
            index.release(kept, index.sintax_end(w));
            kept = index.sintax_end(w);
        }
    }
    index.release(kept, index.sintax_end(k_kmer_count - 1));
    m_rare.shrink_to_fit();
}

void SintaxQueryRows::build(const SintaxRowTable& table, const std::vector<std::uint32_t>& words) {
    const std::size_t w = table.words();
    std::size_t own = 0;
    for (std::uint32_t kmer : words) own += table.stored(kmer) == nullptr && !table.absent(kmer) ? 1 : 0;
    m_own.assign(own * w, 0);
    m_rows.resize(words.size());
    std::size_t next = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::uint32_t kmer = words[i];
        if (const std::uint64_t* s = table.stored(kmer)) {
            m_rows[i] = s;
        } else if (table.absent(kmer)) {
            m_rows[i] = table.zero_row();
        } else {
            std::uint64_t* row = &m_own[next++ * w];
            table.set_rare(kmer, row);
            m_rows[i] = row;
        }
    }
}

namespace {

// Four 64-bit words of consecutive positions, one bit plane of their counts. Blocks pass by
// reference (GCC warns that passing 32-byte vectors by value depends on AVX being enabled).
using Block = std::uint64_t __attribute__((vector_size(32)));

[[gnu::always_inline]] inline void load_block(Block& b, const std::uint64_t* p) { std::memcpy(&b, p, sizeof b); }

[[gnu::always_inline]] inline bool any(const Block& b) { return (b[0] | b[1] | b[2] | b[3]) != 0; }

// Counts (0..63) of one block as six bit planes: pairs of rows go through a full adder into the
// ones plane, the carry ripples up.
struct Planes {
    Block p[6];
};

[[gnu::always_inline]] inline void ripple(Planes& s, const Block& first) {
    Block carry = first;
    for (int l = 1; l < 6; ++l) {
        const Block next = s.p[l] & carry;
        s.p[l] ^= carry;
        carry = next;
    }
}

[[gnu::always_inline]] inline void block_sums(Planes& s, const std::uint64_t* const* rows, std::size_t count, std::size_t at) {
    s = Planes{};
    std::size_t k = 0;
    Block a, b;
    for (; k + 1 < count; k += 2) {
        load_block(a, rows[k] + at);
        load_block(b, rows[k + 1] + at);
        const Block u = s.p[0] ^ a;
        const Block carry = (s.p[0] & a) | (u & b);
        s.p[0] = u ^ b;
        ripple(s, carry);
    }
    if (k < count) {
        load_block(a, rows[k] + at);
        const Block carry = s.p[0] & a;
        s.p[0] ^= a;
        ripple(s, carry);
    }
}

// Whether a position of the block counts more than `best` (bit-sliced comparison).
[[gnu::always_inline]] inline bool any_greater(const Planes& s, unsigned best) {
    Block gt{}, eq = ~Block{};
    for (int l = 5; l >= 0; --l) {
        if ((best >> l) & 1U) {
            eq &= s.p[l];
        } else {
            gt |= eq & s.p[l];
            eq &= ~s.p[l];
        }
    }
    return any(gt);
}

// The block's largest count and the positions holding it.
[[gnu::always_inline]] inline unsigned block_max(const Planes& s, Block& holders) {
    holders = ~Block{};
    unsigned max = 0;
    for (int l = 5; l >= 0; --l) {
        const Block t = holders & s.p[l];
        if (any(t)) {
            holders = t;
            max |= 1U << l;
        }
    }
    return max;
}

// The first position holding all `count` rows, or `words` * 64 when none does.
[[gnu::always_inline]] inline std::size_t first_in_all(const std::uint64_t* const* rows, std::size_t count,
                                                       std::size_t words) {
    Block all, b;
    for (std::size_t at = 0; at < words; at += 4) {
        load_block(all, rows[0] + at);
        for (std::size_t k = 1; k < count && any(all); ++k) {
            load_block(b, rows[k] + at);
            all &= b;
        }
        for (std::size_t j = 0; j < 4; ++j) {
            if (all[j] != 0) return (at + j) * 64 + static_cast<std::size_t>(__builtin_ctzll(all[j]));
        }
    }
    return words * 64;
}

// A position holding every row is the answer (no position counts more, the first one wins ties);
// only when none does are the counts summed.
[[gnu::always_inline]] inline std::pair<std::size_t, unsigned> best_body(const std::uint64_t* const* rows,
                                                                         std::size_t count, std::size_t words) {
    if (count == 0) return {0, 0};
    const std::size_t full = first_in_all(rows, count, words);
    if (full < words * 64) return {full, static_cast<unsigned>(count)};
    std::size_t best_at = 0;
    unsigned best = 0;
    for (std::size_t at = 0; at < words; at += 4) {
        Planes s;
        block_sums(s, rows, count, at);
        if (!any_greater(s, best)) continue;  // ties go to the earlier position
        Block holders;
        best = block_max(s, holders);
        for (std::size_t j = 0; j < 4; ++j) {
            if (holders[j] != 0) {
                best_at = (at + j) * 64 + static_cast<std::size_t>(__builtin_ctzll(holders[j]));
                break;
            }
        }
    }
    return {best_at, best};
}

std::pair<std::size_t, unsigned> best_plain(const std::uint64_t* const* rows, std::size_t count, std::size_t words) {
    return best_body(rows, count, words);
}

[[gnu::target("avx2")]] std::pair<std::size_t, unsigned> best_avx2(const std::uint64_t* const* rows, std::size_t count,
                                                                    std::size_t words) {
    return best_body(rows, count, words);
}

}  // namespace

std::pair<std::size_t, unsigned> sintax_best_position(const std::uint64_t* const* rows, std::size_t count,
                                                      std::size_t words) {
    return __builtin_cpu_supports("avx2") ? best_avx2(rows, count, words) : best_plain(rows, count, words);
}

}  // namespace plateau::amplicon
