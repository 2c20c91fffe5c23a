// SINTAX (Edgar 2016) with vsearch 2.22.1 --sintax semantics:
//   - the query's distinct 8-mers (no masking; words with non-ACGT letters skipped), fewer than 32:
//     not classified;
//   - 100 bootstraps, each drawing 32 indices with replacement into the distinct-word list
//     (duplicates collapse); the bootstrap's hit is the reference sharing most drawn words, ties to
//     the shorter, then the earlier reference; no hit under min(12, words drawn) shared words;
//   - the query's lineage is the hit with the most shared words over all bootstraps (first one on
//     ties); with at least 50 successful bootstraps, the support of each rank is the share of them
//     whose hit has the same name at that rank;
//   - --strand both: the reverse complement too; the strand with the better best count wins (ties:
//     more successful bootstraps, then plus).
// The draws use glibc's random() stream (srandom(seed), TYPE_3), consumed query after query as
// vsearch does with one thread, so `--seed N` gives vsearch --randseed N --threads 1's calls at
// any thread count: the reader thread advances the stream and hands each query its start state.
#pragma once

#include "amplicon/affiliation.hpp"
#include "amplicon/sintax_rows.hpp"
#include "amplicon/taxonomy_index.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

inline constexpr int k_sintax_bootstraps = 100;
inline constexpr int k_sintax_subset = 32;
inline constexpr unsigned k_sintax_min_words = 12;

// glibc random()/srandom() (additive feedback generator, degree 31, separation 3).
class GlibcRandom {
public:
    explicit GlibcRandom(std::uint32_t seed);
    std::int32_t next() {
        m_state[m_front] += m_state[m_rear];
        const auto result = static_cast<std::int32_t>(m_state[m_front] >> 1);
        m_front = m_front == 30 ? 0 : m_front + 1;
        m_rear = m_rear == 30 ? 0 : m_rear + 1;
        return result;
    }
    // vsearch's random_int: uniform in [0, n) without modulo bias (redraws above the limit).
    std::uint32_t below(std::uint32_t n) {
        const std::int64_t max = 2147483647;
        const std::int64_t limit = max - (max + 1) % n;
        std::int64_t r = next();
        while (r > limit) r = next();
        return static_cast<std::uint32_t>(r % n);
    }

private:
    std::array<std::uint32_t, 31> m_state{};
    int m_front = 3, m_rear = 0;
};

struct SintaxOptions {
    double cutoff = 0.8;       // rank called when its support >= cutoff
    bool both_strands = false;
};

// Per-thread scratch and the classifier over one mapped index.
class SintaxClassifier {
public:
    SintaxClassifier(const TaxonomyIndex& index, SintaxOptions options);
    // Threads share `table` (built once from `index`).
    SintaxClassifier(const TaxonomyIndex& index, SintaxOptions options, std::shared_ptr<const SintaxRowTable> table);
    // Advances `rng` past the draws of a query with these distinct-word counts (reader thread).
    static void skip_draws(GlibcRandom& rng, std::size_t plus_words, std::size_t minus_words);
    // Classifies `seq` (upper case) with the stream at `rng`; `tab_line` gets vsearch's --tabbedout
    // line (without the label).
    Affiliation classify(std::string_view id, std::string_view seq, GlibcRandom rng, std::string& tab_line);

private:
    struct StrandResult {
        std::vector<std::uint32_t> hits;  // successful bootstraps' hits
        std::uint32_t best = 0, best_count = 0;
    };
    void search(const std::vector<std::uint32_t>& words, GlibcRandom& rng, StrandResult& out);
    Affiliation analyse(std::string_view id, const StrandResult& r, bool minus, std::string& tab_line) const;

    const TaxonomyIndex& m_index;
    SintaxOptions m_options;
    std::shared_ptr<const SintaxRowTable> m_table;
    std::vector<std::string> m_letters;  // rank letters for --tabbedout
    SintaxQueryRows m_rows;
    std::vector<std::uint32_t> m_drawn;  // per bootstrap: the distinct word indices drawn
    std::vector<const std::uint64_t*> m_sample;
};

// The distinct-word counts of a query on each strand (minus: 0 unless both strands).
void sintax_word_counts(std::string_view seq, bool both_strands, std::size_t& plus, std::size_t& minus);

}  // namespace plateau::amplicon
