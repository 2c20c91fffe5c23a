#include "qc/adapter_discovery.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace plateau::qc {
namespace {

constexpr int k_key_length = 10;
constexpr std::uint32_t k_key_space = 1u << (2 * k_key_length);
constexpr std::size_t k_first_position = 20;  // read starts are not where adapters sit
constexpr std::size_t k_top_seeds = 10;
constexpr std::uint64_t k_fold_over_mean = 20;
constexpr std::size_t k_min_support = 50;
constexpr double k_dominant_share = 0.95;
constexpr std::string_view k_bases = "ACGT";

int base_code(char c) {
    switch (c) {
    case 'A': return 0;
    case 'C': return 1;
    case 'G': return 2;
    case 'T': return 3;
    default: return -1;
    }
}

std::string key_string(std::uint32_t key) {
    std::string s(k_key_length, 'N');
    for (int i = k_key_length - 1; i >= 0; --i, key >>= 2) s[static_cast<std::size_t>(i)] = k_bases[key & 3u];
    return s;
}

// Calls visit(position, key) for every 10-mer of ACGT bases starting in [20, len - 10 - tail].
template <typename Visit> void for_each_key(std::string_view seq, int tail_ignored, Visit&& visit) {
    const std::ptrdiff_t last = static_cast<std::ptrdiff_t>(seq.size()) - k_key_length - tail_ignored;
    std::uint32_t key = 0;
    int valid = 0;
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(k_first_position); i < last + k_key_length; ++i) {
        const int code = base_code(seq[static_cast<std::size_t>(i)]);
        valid = code < 0 ? 0 : valid + 1;
        key = ((key << 2) | static_cast<std::uint32_t>(code < 0 ? 0 : code)) & (k_key_space - 1);
        if (valid >= k_key_length) visit(static_cast<std::size_t>(i + 1 - k_key_length), key);
    }
}

// Seeds must not be low-complexity (one base 6+ times, 8+ G/C, GGGG start, fewer than 3 base changes).
bool seed_eligible(std::uint32_t key) {
    if (key == 0) return false;
    std::array<int, 4> count{};
    int changes = 0;
    for (int i = 0; i < k_key_length; ++i) {
        const std::uint32_t base = (key >> (2 * i)) & 3u;
        ++count[base];
        changes += i > 0 && base != ((key >> (2 * (i - 1))) & 3u);
    }
    if (*std::max_element(count.begin(), count.end()) >= k_key_length - 4) return false;
    if (count[1] + count[2] >= k_key_length - 2) return false;  // C and G
    const bool starts_gggg = (key >> (2 * (k_key_length - 4))) == 0xaau;  // G is 2
    return !starts_gggg && changes >= 3;
}

std::vector<std::uint32_t> top_seeds(const std::vector<std::uint32_t>& counts) {
    std::uint64_t total = 0;
    std::vector<std::uint32_t> eligible;
    for (std::uint32_t k = 0; k < k_key_space; ++k) {
        if (counts[k] == 0 || !seed_eligible(k)) continue;
        total += counts[k];
        eligible.push_back(k);
    }
    const std::size_t n = std::min(k_top_seeds, eligible.size());
    std::partial_sort(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(n), eligible.end(),
                      [&](std::uint32_t a, std::uint32_t b) { return counts[a] != counts[b] ? counts[a] > counts[b] : a < b; });
    eligible.resize(n);
    std::erase_if(eligible, [&](std::uint32_t k) {
        return counts[k] < 10 || std::uint64_t{counts[k]} * k_key_space < total * k_fold_over_mean;
    });
    return eligible;
}

enum class GrowthEnd { out_of_reads, disagreement };
struct Growth {
    std::string path;
    GrowthEnd end = GrowthEnd::out_of_reads;
};

// Consensus of the strings, base by base, while one base holds >= 95% of >= 50 strings still on
// the path (a string leaves at its end, at an N, or when it disagrees with the consensus).
Growth grow(const std::vector<std::string_view>& strings) {
    Growth g;
    std::vector<std::string_view> active = strings;
    for (std::size_t depth = 0;; ++depth) {
        std::array<std::size_t, 4> count{};
        std::size_t total = 0;
        for (std::string_view s : active) {
            const int code = depth < s.size() ? base_code(s[depth]) : -1;
            if (code >= 0) ++count[static_cast<std::size_t>(code)], ++total;
        }
        if (total < k_min_support) return g;
        const auto best = static_cast<std::size_t>(std::max_element(count.begin(), count.end()) - count.begin());
        if (static_cast<double>(count[best]) < k_dominant_share * static_cast<double>(total)) {
            g.end = GrowthEnd::disagreement;
            return g;
        }
        g.path.push_back(k_bases[best]);
        std::erase_if(active, [&](std::string_view s) { return depth >= s.size() || s[depth] != k_bases[best]; });
    }
}

std::optional<std::string> adapter_from_seed(const core::ReadBatch& reads, std::uint32_t seed, int tail_ignored) {
    std::vector<std::string> before;  // reversed prefixes
    std::vector<std::string_view> after;
    std::vector<std::size_t> at_position;
    for (std::size_t r = 0; r < reads.size(); ++r) {
        const std::string_view seq = reads[r].seq;
        for_each_key(seq, tail_ignored, [&](std::size_t pos, std::uint32_t key) {
            if (key != seed) return;
            if (at_position.size() <= pos) at_position.resize(pos + 1, 0);
            ++at_position[pos];
            before.emplace_back(seq.rbegin() + static_cast<std::ptrdiff_t>(seq.size() - pos), seq.rend());
            after.push_back(seq.substr(pos + k_key_length, seq.size() - tail_ignored - pos - k_key_length));
        });
    }
    // Read-through starts wherever the insert ends; a seed mostly at one position is a fixed
    // stretch of the template (an amplicon's conserved region), not an adapter.
    if (before.empty() || 2 * *std::max_element(at_position.begin(), at_position.end()) > before.size()) return std::nullopt;
    const Growth back = grow({before.begin(), before.end()});
    if (back.end != GrowthEnd::disagreement) return std::nullopt;  // not preceded by inserts
    const Growth forward = grow(after);
    std::string adapter(back.path.rbegin(), back.path.rend());
    adapter += key_string(seed) + forward.path;
    if (forward.end == GrowthEnd::disagreement && adapter.size() < k_min_discovered_length) return std::nullopt;
    if (adapter.size() > k_max_discovered_length) adapter.resize(k_max_discovered_length);
    return adapter;
}

}  // namespace

std::optional<DiscoveredAdapter> discover_adapter(const core::ReadBatch& reads, int tail_ignored) {
    if (reads.size() < k_discovery_min_reads) return std::nullopt;
    tail_ignored = std::max(1, tail_ignored);
    std::vector<std::uint32_t> counts(k_key_space, 0);
    for (std::size_t r = 0; r < reads.size(); ++r)
        for_each_key(reads[r].seq, tail_ignored, [&](std::size_t, std::uint32_t key) { ++counts[key]; });
    for (std::uint32_t seed : top_seeds(counts))
        if (std::optional<std::string> adapter = adapter_from_seed(reads, seed, tail_ignored))
            return DiscoveredAdapter{std::move(*adapter), counts[seed]};
    return std::nullopt;
}

}  // namespace plateau::qc
