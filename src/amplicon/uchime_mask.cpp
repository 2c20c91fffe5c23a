// vsearch 2.22.1's query preparation for the chimera search: DUST soft-masking (mask.cc) and
// the unique k-mers of unmasked positions (unique.cc).
#include "amplicon/uchime_align.hpp"

#include <array>

namespace plateau::amplicon::uchime {

namespace {

constexpr std::array<std::uint8_t, 256> make_code2() {
    std::array<std::uint8_t, 256> m{};
    m['C'] = m['c'] = 1;
    m['G'] = m['g'] = 2;
    m['T'] = m['t'] = m['U'] = m['u'] = 3;
    return m;
}
constexpr auto k_code2 = make_code2();

// Characters that end a k-mer with soft masking: everything but uppercase A, C, G, T, U.
bool masked_char(char c) { return !(c == 'A' || c == 'C' || c == 'G' || c == 'T' || c == 'U'); }

// DUST's best low-complexity region in one window: returns the score, sets [beg, end].
int dust_window(std::string_view s, int& beg, int& end) {
    const int len = static_cast<int>(s.size());
    const int l1 = len - 3 + 1 - 5;
    if (l1 < 0) return 0;
    int best_v = 0, best_i = 0, best_j = 0;
    std::array<int, 64> words{};
    int word = 0;
    for (int j = 0; j < len; ++j) {
        word = (word << 2) | k_code2[static_cast<unsigned char>(s[static_cast<std::size_t>(j)])];
        words[static_cast<std::size_t>(j)] = word & 63;
    }
    for (int i = 0; i < l1; ++i) {
        std::array<int, 64> counts{};
        int sum = 0;
        for (int j = 2; j < len - i; ++j) {
            const int w = words[static_cast<std::size_t>(i + j)];
            const int c = counts[static_cast<std::size_t>(w)];
            if (c != 0) {
                sum += c;
                // 10 * sum / j > best_v, without a division on every step
                if (10 * sum >= (best_v + 1) * j) { best_v = 10 * sum / j; best_i = i; best_j = j; }
            }
            counts[static_cast<std::size_t>(w)]++;
        }
    }
    beg = best_i;
    end = best_i + best_j;
    return best_v;
}

}  // namespace

void dust_mask(std::string& seq) {
    const std::string original = seq;
    for (char& c : seq) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    const int len = static_cast<int>(seq.size());
    for (int i = 0; i < len; i += 32) {
        const int l = len > i + 64 ? 64 : len - i;
        int a = 0, b = 0;
        const int v = dust_window(std::string_view(original).substr(static_cast<std::size_t>(i), static_cast<std::size_t>(l)), a, b);
        if (v > 20) {
            for (int j = a + i; j <= b + i; ++j) {
                seq[static_cast<std::size_t>(j)] = static_cast<char>(original[static_cast<std::size_t>(j)] | 0x20);
            }
            if (b < 32) i += 32 - b;
        }
    }
}

void unique_kmers(std::string_view seq, int k, std::vector<std::uint32_t>& out) {
    out.clear();
    if (static_cast<int>(seq.size()) < k) return;
    const std::uint32_t mask = (1U << (2 * k)) - 1U;
    static thread_local std::vector<std::uint64_t> seen;
    const std::size_t words = (std::size_t{1} << (2 * k)) / 64 + 1;
    if (seen.size() != words) seen.assign(words, 0);  // all clear between calls (see the end)
    std::uint32_t kmer = 0;
    int bad_until = 0;  // the k-mer ending at position p is clean when p >= bad_until
    for (int p = 0; p < static_cast<int>(seq.size()); ++p) {
        const char c = seq[static_cast<std::size_t>(p)];
        if (masked_char(c)) bad_until = p + k;
        kmer = ((kmer << 2) | k_code2[static_cast<unsigned char>(c)]) & mask;
        if (p < k - 1 || p < bad_until) continue;
        std::uint64_t& word = seen[kmer >> 6];
        const std::uint64_t bit = std::uint64_t{1} << (kmer & 63);
        if (!(word & bit)) { word |= bit; out.push_back(kmer); }
    }
    for (std::uint32_t x : out) seen[x >> 6] = 0;
}

}  // namespace plateau::amplicon::uchime
