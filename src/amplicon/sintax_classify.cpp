// SINTAX classification (semantics in sintax_classify.hpp).
#include "amplicon/sintax_classify.hpp"

#include "amplicon/read_stream.hpp"
#include "amplicon/taxonomy_kmers.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

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
    : SintaxClassifier(index, options, std::make_shared<const SintaxRowTable>(index)) {}

SintaxClassifier::SintaxClassifier(const TaxonomyIndex& index, SintaxOptions options,
                                   std::shared_ptr<const SintaxRowTable> table)
    : m_index(index), m_options(options), m_table(std::move(table)) {
    for (std::size_t k = 0; k < index.ranks(); ++k) m_letters.push_back(rank_letter(index.rank_name(k)));
}

// Draws every bootstrap's words first (the stream's order), then sums each one's rows.
void SintaxClassifier::search(const std::vector<std::uint32_t>& words, GlibcRandom& rng, StrandResult& out) {
    out = {};
    if (words.size() < static_cast<std::size_t>(k_sintax_subset)) return;
    const auto n = static_cast<std::uint32_t>(words.size());
    std::array<unsigned, k_sintax_bootstraps> drawn{};
    m_drawn.assign(static_cast<std::size_t>(k_sintax_bootstraps) * k_sintax_subset, 0);
    std::vector<std::uint64_t> seen((n + 63) / 64);
    for (std::size_t b = 0; b < static_cast<std::size_t>(k_sintax_bootstraps); ++b) {
        std::fill(seen.begin(), seen.end(), 0);
        for (int j = 0; j < k_sintax_subset; ++j) {
            const std::uint32_t x = rng.below(n);
            const std::uint64_t bit = std::uint64_t{1} << (x & 63);
            if ((seen[x >> 6] & bit) != 0) continue;
            seen[x >> 6] |= bit;
            m_drawn[b * k_sintax_subset + drawn[b]++] = x;
        }
    }
    m_rows.build(*m_table, words);
    m_sample.resize(k_sintax_subset);
    for (std::size_t b = 0; b < static_cast<std::size_t>(k_sintax_bootstraps); ++b) {
        std::size_t held = 0;  // rows of words some reference holds (the others add nothing)
        for (unsigned j = 0; j < drawn[b]; ++j) {
            const std::uint64_t* row = m_rows.row(m_drawn[b * k_sintax_subset + j]);
            if (row != m_table->zero_row()) m_sample[held++] = row;
        }
        const auto [at, best_count] = sintax_best_position(m_sample.data(), held, m_table->words());
        if (best_count < std::min(k_sintax_min_words, drawn[b]) || best_count == 0) continue;
        const std::uint32_t hit = m_table->reference_at(at);
        out.hits.push_back(hit);
        if (best_count > out.best_count) {
            out.best_count = best_count;
            out.best = hit;
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
