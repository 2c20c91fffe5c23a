// RDP naive Bayesian classifier (Wang et al. 2007) with dada2 assignTaxonomy's semantics
// (dada2 1.26 src/taxonomy.cpp, R/taxonomy.R):
//   - a "genus" is a distinct full lineage; word prior P_w = (n(w) + 0.5) / (N + 1) (n: references
//     containing the 8-mer, N: references); log P(w|g) = log((m(w,g) + P_w) / (M_g + 1));
//   - a query's words are all its overlapping ACGT 8-mers (repeats kept); its genus maximises the
//     sum of log P(w|g); queries under 50 nt are not classified;
//   - 100 bootstraps of floor(n/8) words drawn with replacement; the support of rank k is the
//     share of bootstraps whose genus agrees with the query's at every rank down to k;
//   - --strand both (dada2's tryRC): the reverse complement is used when its best sum is higher.
// Ties between genera go to the earlier genus (dada2 picks one at random). The draws are dada2's:
// R's Mersenne-Twister seeded as set.seed(seed), runif() over queries x 100 x floor(L/8) values
// (L: the longest query's 8-mer count), query j reading from position j x L (RUniformStream), so
// `--seed N` gives assignTaxonomy's supports after set.seed(N) at any thread count.
#pragma once

#include "amplicon/affiliation.hpp"
#include "amplicon/taxonomy_index.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

inline constexpr std::size_t k_rdp_min_length = 50;
inline constexpr int k_rdp_bootstraps = 100;

// R's default generator (Mersenne-Twister, R's RNG.c): set.seed(seed) scrambling, unif_rand().
class RUniformStream {
public:
    explicit RUniformStream(std::uint32_t seed);
    double next();

private:
    std::uint32_t m_mt[624];
    int m_index = 624;
};

struct RdpOptions {
    int min_boot = 50;  // rank called when its support (percent) >= min_boot
    bool both_strands = false;
};

// The tables every query reads (built once from the index, shared by the threads).
class RdpModel {
public:
    explicit RdpModel(const TaxonomyIndex& index);
    [[nodiscard]] const TaxonomyIndex& index() const { return m_index; }
    [[nodiscard]] std::size_t genera() const { return m_genus_penalty.size(); }
    struct Posting {
        std::uint32_t genus;
        float delta;  // log(m + P_w) - log(P_w)
    };
    [[nodiscard]] const Posting* begin(std::uint32_t w) const { return m_postings.data() + m_offsets[w]; }
    [[nodiscard]] const Posting* end(std::uint32_t w) const { return m_postings.data() + m_offsets[w + 1]; }
    [[nodiscard]] double log_prior(std::uint32_t w) const { return m_log_prior[w]; }
    [[nodiscard]] double genus_penalty(std::size_t g) const { return m_genus_penalty[g]; }  // log(M_g + 1)

private:
    const TaxonomyIndex& m_index;
    std::vector<std::uint64_t> m_offsets;
    std::vector<Posting> m_postings;
    std::vector<double> m_log_prior;
    std::vector<double> m_genus_penalty;
};

class RdpClassifier {
public:
    RdpClassifier(const RdpModel& model, RdpOptions options);
    // `uniforms`: the query's draws (dada2: runif values from position query x L).
    Affiliation classify(std::string_view id, std::string_view seq, const double* uniforms);

private:
    // Best genus for a word multiset; `log_sum` gets the full sum of log P(w|g).
    std::uint32_t best_genus(const std::vector<std::uint32_t>& words, double* log_sum);
    const RdpModel& m_model;
    RdpOptions m_options;
    std::vector<double> m_score;
    std::vector<std::uint32_t> m_boot;
};

}  // namespace plateau::amplicon
