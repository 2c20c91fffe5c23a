// RDP naive Bayesian classification (semantics in rdp_classify.hpp).
//
// Sum over the query words of log P(w|g) = sum log P_w + sum over words the genus contains of
// (log(m + P_w) - log P_w) - n log(M_g + 1): only the middle term needs the genus' postings, so a
// query costs its words' postings, not words x genera.
#include "amplicon/rdp_classify.hpp"

#include "amplicon/read_stream.hpp"
#include "amplicon/taxonomy_kmers.hpp"

#include <algorithm>
#include <cmath>

namespace plateau::amplicon {
namespace {

std::vector<std::uint32_t> all_words(std::string_view seq) {
    std::vector<std::uint32_t> words;
    for_each_kmer(seq, false, [&](std::uint32_t w) { words.push_back(w); });
    std::sort(words.begin(), words.end());
    return words;
}

}  // namespace

RUniformStream::RUniformStream(std::uint32_t seed) {
    for (int j = 0; j < 50; ++j) seed = 69069U * seed + 1U;  // R's initial scrambling
    seed = 69069U * seed + 1U;                                // the first seed word is mti (then fixed to 624)
    for (std::uint32_t& word : m_mt) {
        seed = 69069U * seed + 1U;
        word = seed;
    }
}

double RUniformStream::next() {
    constexpr int n = 624, m = 397;
    constexpr std::uint32_t upper = 0x80000000U, lower = 0x7fffffffU, matrix = 0x9908b0dfU;
    if (m_index >= n) {
        for (int k = 0; k < n; ++k) {
            const std::uint32_t y = (m_mt[k] & upper) | (m_mt[(k + 1) % n] & lower);
            m_mt[k] = m_mt[(k + m) % n] ^ (y >> 1) ^ ((y & 1U) ? matrix : 0U);
        }
        m_index = 0;
    }
    std::uint32_t y = m_mt[m_index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    const double u = static_cast<double>(y) * 2.3283064365386963e-10;
    constexpr double half_step = 0.5 * 2.328306437080797e-10;  // R's fixup() keeps u in (0, 1)
    if (u <= 0.0) return half_step;
    if (1.0 - u <= 0.0) return 1.0 - half_step;
    return u;
}

RdpModel::RdpModel(const TaxonomyIndex& index) : m_index(index) {
    const double n_refs = static_cast<double>(index.references());
    m_log_prior.resize(k_kmer_count);
    m_offsets.reserve(k_kmer_count + 1);
    m_offsets.push_back(0);
    for (std::uint32_t w = 0; w < k_kmer_count; ++w) {
        const double prior = (static_cast<double>(index.word_references(w)) + 0.5) / (n_refs + 1.0);
        m_log_prior[w] = std::log(prior);
        const unsigned char* p = index.rdp_begin(w);
        const unsigned char* end = index.rdp_end(w);
        std::uint32_t g = 0;
        while (p < end) {
            g += read_varint(p);
            const std::uint32_t m = read_varint(p);
            m_postings.push_back({g, static_cast<float>(std::log(m + prior) - m_log_prior[w])});
        }
        m_offsets.push_back(m_postings.size());
    }
    m_genus_penalty.resize(index.genera());
    for (std::size_t g = 0; g < index.genera(); ++g) m_genus_penalty[g] = std::log(index.genus_size(g) + 1.0);
}

RdpClassifier::RdpClassifier(const RdpModel& model, RdpOptions options) : m_model(model), m_options(options) {
    m_score.resize(model.genera());
}

std::uint32_t RdpClassifier::best_genus(const std::vector<std::uint32_t>& words, double* log_sum) {
    std::fill(m_score.begin(), m_score.end(), 0.0);
    double common = 0.0;
    for (std::uint32_t w : words) {
        common += m_model.log_prior(w);
        for (const RdpModel::Posting* p = m_model.begin(w); p != m_model.end(w); ++p) m_score[p->genus] += p->delta;
    }
    const double n = static_cast<double>(words.size());
    std::uint32_t best = 0;
    double best_score = -HUGE_VAL;
    for (std::size_t g = 0; g < m_score.size(); ++g) {
        const double s = m_score[g] - n * m_model.genus_penalty(g);
        if (s > best_score) {
            best_score = s;
            best = static_cast<std::uint32_t>(g);
        }
    }
    if (log_sum != nullptr) *log_sum = best_score + common;
    return best;
}

Affiliation RdpClassifier::classify(std::string_view id, std::string_view seq, const double* uniforms) {
    const TaxonomyIndex& index = m_model.index();
    Affiliation a;
    a.query_id = std::string(id);
    a.names.assign(index.ranks(), "");
    a.confidence.assign(index.ranks(), 0.0);
    if (seq.size() < k_rdp_min_length) return a;
    std::vector<std::uint32_t> words = all_words(seq);
    if (words.empty()) return a;
    double log_sum = 0.0;
    std::uint32_t genus = best_genus(words, &log_sum);
    if (m_options.both_strands) {
        std::string rc;
        reverse_complement(seq, rc);
        std::vector<std::uint32_t> rc_words = all_words(rc);
        double rc_sum = 0.0;
        const std::uint32_t rc_genus = best_genus(rc_words, &rc_sum);
        if (rc_sum > log_sum) {
            genus = rc_genus;
            words = std::move(rc_words);
        }
    }
    const std::size_t draw = words.size() / 8;
    const std::uint32_t best_ref = index.genus_first_reference(genus);
    std::vector<int> support(index.ranks(), 0);
    for (int b = 0; b < k_rdp_bootstraps; ++b) {
        m_boot.clear();
        for (std::size_t i = 0; i < draw; ++i)
            m_boot.push_back(words[static_cast<std::size_t>(static_cast<double>(words.size()) * *uniforms++)]);
        std::sort(m_boot.begin(), m_boot.end());
        const std::uint32_t boot_ref = index.genus_first_reference(best_genus(m_boot, nullptr));
        for (std::size_t k = 0; k < index.ranks(); ++k) {
            if (index.name_index(boot_ref, k) != index.name_index(best_ref, k)) break;
            ++support[k];
        }
    }
    for (std::size_t k = 0; k < index.ranks(); ++k) {
        a.confidence[k] = support[k] / 100.0;
        if (support[k] >= m_options.min_boot) a.names[k] = std::string(index.name(best_ref, k));
    }
    return a;
}

}  // namespace plateau::amplicon
