#include "amplicon/uchime_align.hpp"

#include <algorithm>
#include <array>

namespace plateau::amplicon::uchime {

namespace {

constexpr std::array<std::uint8_t, 256> make_code4() {
    std::array<std::uint8_t, 256> m{};
    const char* letters = "ACMGRSVTWYHKDBN";
    const std::uint8_t codes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int i = 0; letters[i] != 0; ++i) {
        m[static_cast<unsigned char>(letters[i])] = codes[i];
        m[static_cast<unsigned char>(letters[i] + 32)] = codes[i];
    }
    m['U'] = m['u'] = 8;
    return m;
}
constexpr auto k_code4 = make_code4();

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
                const int v = 10 * sum / j;
                if (v > best_v) { best_v = v; best_i = i; best_j = j; }
            }
            counts[static_cast<std::size_t>(w)]++;
        }
    }
    beg = best_i;
    end = best_i + best_j;
    return best_v;
}

int pair_score(std::uint8_t a, std::uint8_t b) {
    if (ambiguous4(a) || ambiguous4(b)) return 0;
    return a == b ? 2 : -4;
}

constexpr std::uint8_t k_up = 1, k_left = 2, k_ext_up = 4, k_ext_left = 8;
constexpr std::int32_t k_open_end = k_gap_open_end, k_ext_end = k_gap_ext_end, k_open_mid = k_gap_open_mid,
                       k_ext_mid = k_gap_ext_mid;

void push_op(std::vector<CigarOp>& rev, char op) {
    if (!rev.empty() && rev.back().op == op) {
        ++rev.back().run;
    } else {
        rev.push_back({op, 1});
    }
}

void traceback(std::string_view q, std::string_view t, const AlignWorkspace& ws, Alignment& out) {
    const std::size_t n = t.size();
    std::vector<CigarOp>& rev = out.cigar;
    rev.clear();
    std::int64_t i = static_cast<std::int64_t>(q.size()) - 1, j = static_cast<std::int64_t>(n) - 1;
    char op = 0;
    auto step = [&](char next) {
        if (next != 'M' && op != next) ++out.gap_opens;
        ++out.columns;
        push_op(rev, next);
        op = next;
    };
    while (i >= 0 && j >= 0) {
        const std::uint8_t d = ws.dir[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)];
        if (op == 'I' && (d & k_ext_left)) { --j; step('I'); }
        else if (op == 'D' && (d & k_ext_up)) { --i; step('D'); }
        else if (d & k_left) { --j; step('I'); }
        else if (d & k_up) { --i; step('D'); }
        else {
            if (code4(q[static_cast<std::size_t>(i)]) & code4(t[static_cast<std::size_t>(j)])) {
                ++out.matches;
            } else {
                ++out.mismatches;
            }
            --i; --j;
            step('M');
        }
    }
    while (i >= 0) { --i; step('D'); }
    while (j >= 0) { --j; step('I'); }
    std::reverse(rev.begin(), rev.end());
}

}  // namespace

std::uint8_t code4(char c) { return k_code4[static_cast<unsigned char>(c)]; }

bool ambiguous4(std::uint8_t code) { return !(code == 1 || code == 2 || code == 4 || code == 8); }

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
    seen.assign((std::size_t{1} << (2 * k)) / 64 + 1, 0);
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
}

void align_global(std::string_view q, std::string_view t, AlignWorkspace& ws, Alignment& out) {
    out = Alignment{};
    const std::size_t m = q.size(), n = t.size();
    ws.h.resize(n);
    ws.f.resize(n);
    ws.dir.resize(m * n);
    for (std::size_t j = 0; j < n; ++j) {
        ws.h[j] = -(k_open_end + static_cast<std::int32_t>(j + 1) * k_ext_end);
        ws.f[j] = ws.h[j] - (j + 1 == n ? k_open_end + k_ext_end : k_open_mid + k_ext_mid);
    }
    for (std::size_t i = 0; i < m; ++i) {
        std::int32_t diag = i == 0 ? 0 : -(k_open_end + static_cast<std::int32_t>(i) * k_ext_end);
        const bool last_row = i + 1 == m;
        const std::int32_t qr_q = last_row ? k_open_end + k_ext_end : k_open_mid + k_ext_mid;
        const std::int32_t r_q = last_row ? k_ext_end : k_ext_mid;
        std::int32_t e = -(k_open_end + static_cast<std::int32_t>(i + 1) * k_ext_end) - qr_q;
        const std::uint8_t qc = code4(q[i]);
        std::uint8_t* dir = ws.dir.data() + i * n;
        for (std::size_t j = 0; j < n; ++j) {
            std::int32_t h = diag + pair_score(qc, code4(t[j]));
            diag = ws.h[j];
            std::uint8_t bits = 0;
            if (ws.f[j] > h) { bits |= k_up; h = ws.f[j]; }
            if (e > h) { bits |= k_left; h = e; }
            ws.h[j] = h;
            const bool last_col = j + 1 == n;
            const std::int32_t hf = h - (last_col ? k_open_end + k_ext_end : k_open_mid + k_ext_mid);
            const std::int32_t f = ws.f[j] - (last_col ? k_ext_end : k_ext_mid);
            if (f > hf) bits |= k_ext_up;
            ws.f[j] = std::max(f, hf);
            const std::int32_t he = h - qr_q, ee = e - r_q;
            if (ee > he) bits |= k_ext_left;
            e = std::max(ee, he);
            dir[j] = bits;
        }
    }
    out.score = n > 0 ? ws.h[n - 1] : 0;
    traceback(q, t, ws, out);
}

}  // namespace plateau::amplicon::uchime
