// SINTAX classification (semantics in sintax_classify.hpp).
#include "amplicon/sintax_classify.hpp"

#include "amplicon/read_stream.hpp"
#include "amplicon/taxonomy_kmers.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <numeric>

namespace plateau::amplicon {

GlibcRandom::GlibcRandom(std::uint32_t seed) {
    auto word = static_cast<std::int32_t>(seed == 0 ? 1 : seed);
    m_state[0] = static_cast<std::uint32_t>(word);
    for (int i = 1; i < 31; ++i) {
        // 16807 * word % 2147483647 without overflow (Schrage), as glibc's srandom_r.
        const std::int32_t hi = word / 127773, lo = word % 127773;
        word = 16807 * lo - 2836 * hi;
        if (word < 0) word += 2147483647;
        m_state[i] = static_cast<std::uint32_t>(word);
    }
    for (int i = 0; i < 310; ++i) next();
}

namespace {

std::string rank_letter(std::string_view rank) {
    static const std::pair<const char*, const char*> known[] = {{"domain", "d"}, {"kingdom", "k"}, {"phylum", "p"},
                                                                {"class", "c"},  {"order", "o"},   {"family", "f"},
                                                                {"genus", "g"},  {"species", "s"}};
    for (const auto& [name, letter] : known) {
        if (rank == name) return letter;
    }
    return rank.empty() ? std::string("?") : std::string(1, rank[0]);
}

std::string format_share(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// The first candidate (tie order) sharing the most sampled words; stops at `top` (nothing later
// can do better, and ties go to the earlier). Inlined into a plain and a popcnt-instruction copy.
[[gnu::always_inline]] inline std::pair<std::size_t, unsigned> best_hit_body(const std::uint64_t* masks, std::size_t n,
                                                                             std::size_t w, const std::uint64_t* sample,
                                                                             unsigned top) {
    unsigned best_count = 0;
    std::size_t best = 0;
    for (std::size_t c = 0; c < n; ++c) {
        const std::uint64_t* m = masks + c * w;
        unsigned count = 0;
        for (std::size_t j = 0; j < w; ++j) count += static_cast<unsigned>(__builtin_popcountll(m[j] & sample[j]));
        if (count > best_count) {
            best_count = count;
            best = c;
            if (count == top) break;
        }
    }
    return {best, best_count};
}

std::pair<std::size_t, unsigned> best_hit(const std::uint64_t* masks, std::size_t n, std::size_t w,
                                          const std::uint64_t* sample, unsigned top) {
    return best_hit_body(masks, n, w, sample, top);
}

[[gnu::target("popcnt")]] std::pair<std::size_t, unsigned> best_hit_popcnt(const std::uint64_t* masks, std::size_t n,
                                                                           std::size_t w, const std::uint64_t* sample,
                                                                           unsigned top) {
    return best_hit_body(masks, n, w, sample, top);
}

}  // namespace

void sintax_word_counts(std::string_view seq, bool both_strands, std::size_t& plus, std::size_t& minus) {
    thread_local UniqueKmers unique;
    unique.collect(seq, false);
    plus = unique.list().size();
    minus = 0;
    if (both_strands) {
        std::string rc;
        reverse_complement(seq, rc);
        unique.collect(rc, false);
        minus = unique.list().size();
    }
}

void SintaxClassifier::skip_draws(GlibcRandom& rng, std::size_t plus_words, std::size_t minus_words) {
    for (std::size_t words : {plus_words, minus_words}) {
        if (words < static_cast<std::size_t>(k_sintax_subset)) continue;
        for (int i = 0; i < k_sintax_bootstraps * k_sintax_subset; ++i) rng.below(static_cast<std::uint32_t>(words));
    }
}

SintaxClassifier::SintaxClassifier(const TaxonomyIndex& index, SintaxOptions options)
    : m_index(index), m_options(options) {
    m_order.resize(index.references());
    std::iota(m_order.begin(), m_order.end(), 0U);
    std::vector<std::uint32_t> length(index.references());
    for (std::size_t r = 0; r < length.size(); ++r) length[r] = index.length(r);
    std::stable_sort(m_order.begin(), m_order.end(), [&](std::uint32_t a, std::uint32_t b) { return length[a] < length[b]; });
    for (std::size_t k = 0; k < index.ranks(); ++k) m_letters.push_back(rank_letter(index.rank_name(k)));
    m_shared.resize(index.references());
}

void SintaxClassifier::fill_masks(const std::vector<std::uint32_t>& words) {
    m_words = (words.size() + 63) / 64;
    m_masks.assign(m_index.references() * m_words, 0);
    std::fill(m_shared.begin(), m_shared.end(), 0U);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::uint64_t bit = std::uint64_t{1} << (i & 63);
        const std::size_t slot = i >> 6;
        const unsigned char* p = m_index.sintax_begin(words[i]);
        const unsigned char* end = m_index.sintax_end(words[i]);
        std::uint32_t r = 0;
        while (p < end) {
            r += read_varint(p);
            m_masks[r * m_words + slot] |= bit;
            ++m_shared[r];
        }
    }
}

void SintaxClassifier::search(const std::vector<std::uint32_t>& words, GlibcRandom& rng, StrandResult& out) {
    out = {};
    if (words.size() < static_cast<std::size_t>(k_sintax_subset)) return;
    const auto n = static_cast<std::uint32_t>(words.size());
    std::vector<std::uint64_t> samples(static_cast<std::size_t>(k_sintax_bootstraps) * ((n + 63) / 64), 0);
    std::array<unsigned, k_sintax_bootstraps> drawn{};
    const std::size_t w = (n + 63) / 64;
    unsigned fewest = k_sintax_subset;
    for (int b = 0; b < k_sintax_bootstraps; ++b) {
        std::uint64_t* s = &samples[static_cast<std::size_t>(b) * w];
        for (int j = 0; j < k_sintax_subset; ++j) {
            const std::uint32_t x = rng.below(n);
            const std::uint64_t bit = std::uint64_t{1} << (x & 63);
            if ((s[x >> 6] & bit) == 0) ++drawn[static_cast<std::size_t>(b)];
            s[x >> 6] |= bit;
        }
        fewest = std::min(fewest, drawn[static_cast<std::size_t>(b)]);
    }
    fill_masks(words);
    select_candidates(std::min(k_sintax_min_words, fewest), w);
    std::vector<std::uint64_t> reach(w, 0);  // words some candidate holds: the most a bootstrap can reach
    for (std::size_t c = 0; c < m_candidates.size(); ++c)
        for (std::size_t j = 0; j < w; ++j) reach[j] |= m_candidate_masks[c * w + j];
    const bool hardware = __builtin_cpu_supports("popcnt");
    for (int b = 0; b < k_sintax_bootstraps; ++b) {
        const std::uint64_t* s = &samples[static_cast<std::size_t>(b) * w];
        const unsigned need = std::min(k_sintax_min_words, drawn[static_cast<std::size_t>(b)]);
        unsigned top = 0;
        for (std::size_t j = 0; j < w; ++j) top += static_cast<unsigned>(std::popcount(s[j] & reach[j]));
        const auto [best, best_count] = hardware ? best_hit_popcnt(m_candidate_masks.data(), m_candidates.size(), w, s, top)
                                                 : best_hit(m_candidate_masks.data(), m_candidates.size(), w, s, top);
        if (best_count < need || best_count == 0) continue;
        const std::uint32_t hit = m_candidates[best];
        out.hits.push_back(hit);
        if (best_count > out.best_count) {
            out.best_count = best_count;
            out.best = hit;
        }
    }
}

// Candidates in vsearch's tie order (length, then number) that can reach `floor` shared words,
// less those dominated: a reference whose words are all held by a reference earlier in the tie
// order never wins a bootstrap (the earlier one counts at least as many and wins ties). The
// dominators tried are the 16 kept references holding the most query words so far.
void SintaxClassifier::select_candidates(unsigned floor, std::size_t w) {
    constexpr std::size_t k_dominators = 16;
    std::vector<std::uint32_t> dominators;  // kept references, most shared words first
    m_candidates.clear();
    m_candidate_masks.clear();
    for (std::uint32_t r : m_order) {
        if (m_shared[r] < floor) continue;
        const std::uint64_t* m = &m_masks[r * w];
        bool dominated = false;
        for (std::uint32_t a : dominators) {
            if (m_shared[a] < m_shared[r]) break;
            const std::uint64_t* ma = &m_masks[a * w];
            std::uint64_t extra = 0;
            for (std::size_t j = 0; j < w; ++j) extra |= m[j] & ~ma[j];
            if (extra == 0) {
                dominated = true;
                break;
            }
        }
        if (dominated) continue;
        m_candidates.push_back(r);
        m_candidate_masks.insert(m_candidate_masks.end(), m, m + w);
        auto at = std::find_if(dominators.begin(), dominators.end(), [&](std::uint32_t a) { return m_shared[a] < m_shared[r]; });
        if (static_cast<std::size_t>(at - dominators.begin()) < k_dominators) {
            dominators.insert(at, r);
            if (dominators.size() > k_dominators) dominators.pop_back();
        }
    }
}

Affiliation SintaxClassifier::analyse(std::string_view id, const StrandResult& r, bool minus, std::string& tab_line) const {
    Affiliation a;
    a.query_id = std::string(id);
    const std::size_t ranks = m_index.ranks();
    a.names.assign(ranks, "");
    a.confidence.assign(ranks, 0.0);
    const bool cut = m_options.cutoff > 0.0;
    if (r.hits.size() < static_cast<std::size_t>(k_sintax_bootstraps / 2)) {
        tab_line = cut ? "\t\t" : "\t";
        return a;
    }
    std::string all, kept;
    for (std::size_t k = 0; k < ranks; ++k) {
        const std::uint32_t best_name = m_index.name_index(r.best, k);
        if (best_name == k_no_name) continue;
        std::size_t match = 0;
        for (std::uint32_t h : r.hits) match += m_index.name_index(h, k) == best_name ? 1 : 0;
        const double share = 1.0 * static_cast<double>(match) / static_cast<double>(r.hits.size());
        const std::string name(m_index.name(r.best, k));
        a.confidence[k] = share;
        all += (all.empty() ? "" : ",") + m_letters[k] + ":" + name + "(" + format_share(share) + ")";
        if (share >= m_options.cutoff) {
            a.names[k] = name;
            kept += (kept.empty() ? "" : ",") + m_letters[k] + ":" + name;
        }
    }
    tab_line = all + "\t" + (minus ? "-" : "+");
    if (cut) tab_line += "\t" + kept;
    return a;
}

Affiliation SintaxClassifier::classify(std::string_view id, std::string_view seq, GlibcRandom rng, std::string& tab_line) {
    thread_local UniqueKmers unique;
    StrandResult plus, minus;
    unique.collect(seq, false);
    std::vector<std::uint32_t> words = unique.list();
    search(words, rng, plus);
    if (!m_options.both_strands) return analyse(id, plus, false, tab_line);
    std::string rc;
    reverse_complement(seq, rc);
    unique.collect(rc, false);
    words = unique.list();
    search(words, rng, minus);
    bool use_minus = false;
    if (minus.best_count != plus.best_count) use_minus = minus.best_count > plus.best_count;
    else use_minus = minus.hits.size() > plus.hits.size();
    return analyse(id, use_minus ? minus : plus, use_minus, tab_line);
}

}  // namespace plateau::amplicon
