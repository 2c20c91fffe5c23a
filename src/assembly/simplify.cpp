// Tip clipping, bubble popping and low-coverage pruning (simplify.hpp).
#include "assembly/simplify.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace plateau::assembly {

namespace {

// Live nodes in increasing coverage, ties by index: the order every cleaning step visits them.
std::vector<std::uint32_t> by_coverage(const UnitigGraph& g) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t u = 0; u < g.size(); ++u) {
        if (!g.removed(u)) order.push_back(u);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return g.coverage(a) < g.coverage(b); });
    return order;
}

bool has_alternative(const UnitigGraph& g, std::uint32_t end) {
    for (std::uint32_t f : g.links(end)) {
        if (g.links(f).size() >= 2) return true;
    }
    return false;
}

}  // namespace

std::uint64_t clip_tips(UnitigGraph& g, std::size_t max_length) {
    std::uint64_t clipped = 0;
    for (std::uint32_t u : by_coverage(g)) {
        if (g.length(u) >= max_length) continue;
        const auto& left = g.links(2 * u);
        const auto& right = g.links(2 * u + 1);
        if (left.empty() && right.empty()) continue;  // isolated: left to the length filter
        if (!left.empty() && !right.empty()) continue;
        const std::uint32_t attached = left.empty() ? 2 * u + 1 : 2 * u;
        if (!has_alternative(g, attached)) continue;
        g.remove_node(u);
        ++clipped;
    }
    return clipped;
}

std::uint64_t pop_bubbles(UnitigGraph& g, std::size_t max_length) {
    std::uint64_t popped = 0;
    for (std::uint32_t end = 0; end < 2 * g.size(); ++end) {
        if (g.removed(end / 2) || g.links(end).size() < 2) continue;
        // branches leaving `end` that rejoin at one end: destination -> (coverage, node)
        std::map<std::uint32_t, std::vector<std::pair<double, std::uint32_t>>> by_destination;
        for (std::uint32_t f : g.links(end)) {
            const std::uint32_t w = f / 2;
            if (w == end / 2 || g.length(w) > max_length) continue;
            const auto& out = g.links(f ^ 1);
            if (out.size() != 1 || out[0] / 2 == w) continue;
            by_destination[out[0]].push_back({g.coverage(w), w});
        }
        for (auto& [destination, branches] : by_destination) {
            if (branches.size() < 2) continue;
            std::sort(branches.begin(), branches.end(), [](const auto& a, const auto& b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            });
            const std::size_t keep_length = g.length(branches[0].second);
            for (std::size_t i = 1; i < branches.size(); ++i) {
                const std::size_t len = g.length(branches[i].second);
                const std::size_t diff = len > keep_length ? len - keep_length : keep_length - len;
                if (diff * 10 > std::max(len, keep_length) + 20) continue;  // not a variant of the same path
                g.remove_node(branches[i].second);
                ++popped;
            }
        }
    }
    return popped;
}

std::uint64_t cut_weak_links(UnitigGraph& g, double ratio) {
    std::uint64_t cut = 0;
    for (std::uint32_t end = 0; end < 2 * g.size(); ++end) {
        if (g.removed(end / 2) || g.links(end).size() < 2) continue;
        double best = 0;
        for (std::uint32_t f : g.links(end)) best = std::max(best, g.coverage(f / 2));
        const std::vector<std::uint32_t> partners = g.links(end);
        for (std::uint32_t f : partners) {
            if (g.coverage(f / 2) < ratio * best && g.links(f).size() >= 1) {
                g.remove_link(end, f);
                ++cut;
            }
        }
    }
    return cut;
}

std::uint64_t remove_low_local(UnitigGraph& g, double ratio, std::size_t max_length) {
    std::uint64_t removed = 0;
    for (std::uint32_t u : by_coverage(g)) {
        if (g.length(u) > max_length) continue;
        double sum = 0;
        std::size_t n = 0;
        for (std::uint32_t end : {2 * u, 2 * u + 1}) {
            for (std::uint32_t f : g.links(end)) {
                if (f / 2 == u) continue;
                sum += g.coverage(f / 2);
                ++n;
            }
        }
        if (n == 0 || g.coverage(u) >= ratio * (sum / double(n))) continue;
        g.remove_node(u);
        ++removed;
    }
    return removed;
}

CleaningStats clean_graph(UnitigGraph& g, const CleaningParameters& p) {
    CleaningStats stats;
    g.compact();
    for (int round = 0; round < p.rounds; ++round) {
        std::uint64_t changes = 0;
        for (std::size_t len = std::min<std::size_t>(p.max_tip_length, std::size_t(g.k()) + 1);; len *= 2) {
            len = std::min(len, p.max_tip_length);
            std::uint64_t n;
            while ((n = clip_tips(g, len)) > 0) {
                stats.tips += n;
                changes += n;
                g.compact();
            }
            if (len >= p.max_tip_length) break;
        }
        const std::uint64_t bubbles = pop_bubbles(g, p.max_bubble_length);
        g.compact();
        const std::uint64_t weak = cut_weak_links(g, p.disconnect_ratio);
        g.compact();
        const std::uint64_t low = remove_low_local(g, p.low_local_ratio, p.low_local_max_length);
        g.compact();
        stats.bubbles += bubbles;
        stats.weak_links += weak;
        stats.low_local += low;
        changes += bubbles + weak + low;
        if (changes == 0) break;
    }
    return stats;
}

}  // namespace plateau::assembly
