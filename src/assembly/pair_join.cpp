// Pair-based joins (pair_join.hpp).
#include "assembly/pair_join.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace plateau::assembly {

void PairEvidence::add(const EndAnchors& anchors, std::string_view first, std::string_view second) {
    ++pairs;
    const std::optional<MatePlacement> a = anchors.place(first);
    if (!a) return;
    const std::optional<MatePlacement> b = anchors.place(second);
    if (!b) return;
    ++placed;
    if (a->end / 2 == b->end / 2) {  // one unitig: the two mates must leave through opposite ends
        if (a->end == b->end) return;
        const std::int32_t fragment = a->inside + b->inside - std::int32_t(anchors.graph().length(a->end / 2));
        if (fragment > 0) fragments.push_back(fragment);
        return;
    }
    links.push_back({std::min(a->end, b->end), std::max(a->end, b->end), a->inside + b->inside});
}

void PairEvidence::merge(PairEvidence&& other) {
    fragments.insert(fragments.end(), other.fragments.begin(), other.fragments.end());
    links.insert(links.end(), other.links.begin(), other.links.end());
    pairs += other.pairs;
    placed += other.placed;
}

void PairEvidence::sort() {
    std::sort(fragments.begin(), fragments.end());
    std::sort(links.begin(), links.end());
}

namespace {

constexpr std::uint32_t k_none = ~std::uint32_t(0);

struct Candidate {
    std::uint32_t partner = k_none;
    double gap = 0;  // estimated bases between the two ends (negative: overlap)
};

struct Step {
    std::uint32_t entered;  // the end of the walked unitig the path enters through
};

// The length-weighted median depth of the live unitigs.
double median_depth(const UnitigGraph& g) {
    std::vector<std::pair<double, std::size_t>> by_depth;
    std::size_t total = 0;
    for (std::size_t u = 0; u < g.size(); ++u) {
        if (g.removed(u)) continue;
        by_depth.push_back({g.coverage(u), g.length(u)});
        total += g.length(u);
    }
    std::sort(by_depth.begin(), by_depth.end());
    std::size_t seen = 0;
    for (const auto& [depth, length] : by_depth) {
        seen += length;
        if (2 * seen >= total) return depth;
    }
    return 0;
}

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// For each end of an anchor unitig, its partner end when the evidence is unique (before the
// reciprocity check); `gap` from the median of the pairs' estimates.
std::vector<Candidate> best_partners(const UnitigGraph& g, const std::vector<PairLink>& links,
                                     const std::vector<std::uint8_t>& anchor, double insert,
                                     const PairJoinParameters& p) {
    std::map<std::uint32_t, std::map<std::uint32_t, std::vector<double>>> by_end;
    for (const PairLink& l : links) {
        if (!anchor[l.from_end / 2] || !anchor[l.to_end / 2]) continue;
        by_end[l.from_end][l.to_end].push_back(insert - l.inside);
        by_end[l.to_end][l.from_end].push_back(insert - l.inside);
    }
    std::vector<Candidate> best(2 * g.size());
    for (auto& [end, partners] : by_end) {
        std::size_t top = 0, second = 0;
        std::uint32_t top_end = k_none;
        for (const auto& [partner, gaps] : partners) {
            if (gaps.size() > top) {
                second = top;
                top = gaps.size();
                top_end = partner;
            } else {
                second = std::max(second, gaps.size());
            }
        }
        if (top < p.min_pairs || double(second) > p.max_rival_ratio * double(top)) continue;
        best[end] = {top_end, median_of(partners[top_end])};
    }
    return best;
}

// Paths from leaving end `from` to entering end `to` whose gap lies in [low, high]; stops after
// two (enough to call it ambiguous) or when the step budget is spent.
struct PathSearch {
    const UnitigGraph& g;
    const std::vector<std::uint8_t>& anchor;
    std::uint32_t to;
    double low, high;
    std::size_t budget;
    std::vector<std::vector<Step>> found;
    std::vector<Step> path;

    void walk(std::uint32_t leaving, double gap) {
        for (std::uint32_t entered : g.links(leaving)) {
            if (found.size() >= 2 || budget == 0) return;
            --budget;
            if (entered == to) {
                if (gap >= low && gap <= high) found.push_back(path);
                continue;
            }
            const std::uint32_t w = entered / 2;
            const double next = gap + double(g.length(w)) - double(g.k() - 1);
            if (anchor[w] || next > high) continue;
            path.push_back({entered});
            walk(entered ^ 1, next);
            path.pop_back();
        }
    }
};

// Joins leaving end `from` to entering end `to` through copies of the path's unitigs.
void apply_join(UnitigGraph& g, std::uint32_t from, std::uint32_t to, const std::vector<Step>& path,
                std::vector<std::uint8_t>& walked, std::vector<std::uint32_t>& touched) {
    for (std::uint32_t end : {from, to}) {
        const std::vector<std::uint32_t> partners = g.links(end);
        for (std::uint32_t q : partners) {
            g.remove_link(end, q);
            touched.push_back(q / 2);
        }
    }
    const double depth = (g.coverage(from / 2) + g.coverage(to / 2)) / 2;
    std::uint32_t leaving = from;
    for (const Step& s : path) {
        const std::uint32_t w = s.entered / 2;
        walked[w] = 1;
        Unitig copy{g.node(w).seq, 0, g.node(w).kmers, false};
        copy.count_sum = std::uint64_t(std::llround(depth * double(copy.kmers)));
        const std::uint32_t c = g.add_node(std::move(copy));
        const std::uint32_t entered = 2 * c + (s.entered & 1);
        g.add_link(leaving, entered);
        leaving = entered ^ 1;
    }
    g.add_link(leaving, to);
}

// The sequence of unitig u read so that `end` is its last base (true) or its first (false).
std::string oriented(const UnitigGraph& g, std::uint32_t end, bool end_last) {
    const bool right = (end & 1) != 0;
    const std::string& seq = g.node(end / 2).seq;
    return right == end_last ? seq : reverse_complement(seq);
}

// Two dead ends that the pairs put next to each other and whose sequences overlap exactly (a gap
// in the k-mers, not in the genome: the last k's solid k-mers missed the junction): the longest
// overlap from min_overlap to k-2 bases that fits the estimated gap; 0 if none.
std::size_t dead_end_overlap(const UnitigGraph& g, std::uint32_t from, std::uint32_t to, double low, double high,
                             std::size_t min_overlap) {
    if (!g.links(from).empty() || !g.links(to).empty()) return 0;
    const std::string left = oriented(g, from, true), right = oriented(g, to, false);
    for (std::size_t o = std::min({std::size_t(g.k() - 2), left.size(), right.size()}); o >= min_overlap; --o) {
        if (-double(o) < low || -double(o) > high) continue;
        if (left.compare(left.size() - o, o, right, 0, o) == 0) return o;
    }
    return 0;
}

// Joins two dead ends that overlap by `overlap` bases through a bridge unitig of 2(k-1) - overlap
// bases (the last k-1 of one, the first k-1 of the other), which compaction then merges away.
void bridge_overlap(UnitigGraph& g, std::uint32_t from, std::uint32_t to, std::size_t overlap) {
    const std::size_t join = std::size_t(g.k() - 1);
    const std::string left = oriented(g, from, true), right = oriented(g, to, false);
    Unitig bridge{left.substr(left.size() - join) + right.substr(overlap, join - overlap), 0, 0, false};
    bridge.kmers = std::uint32_t(bridge.seq.size() - join);
    const double depth = (g.coverage(from / 2) + g.coverage(to / 2)) / 2;
    bridge.count_sum = std::uint64_t(std::llround(depth * double(bridge.kmers)));
    const std::uint32_t b = g.add_node(std::move(bridge));
    g.add_link(from, 2 * b);
    g.add_link(2 * b + 1, to);
}

// A repeat unitig that joins or extensions took links from, left with one link at each end, would
// be merged with both remaining neighbours by compaction, though nothing says they are one copy:
// its right-end link is cut so that at most one side merges (each side alone is a true adjacency).
void keep_copies_apart(UnitigGraph& g, const std::vector<std::uint32_t>& touched) {
    for (std::uint32_t w : touched) {
        if (g.removed(w) || g.links(2 * w).size() != 1 || g.links(2 * w + 1).size() != 1) continue;
        g.remove_link(2 * w + 1, g.links(2 * w + 1)[0]);
    }
}

std::vector<std::uint8_t> anchor_unitigs(const UnitigGraph& g, const PairJoinParameters& p) {
    const double depth = median_depth(g);
    std::vector<std::uint8_t> anchor(g.size(), 0);
    for (std::size_t u = 0; u < g.size(); ++u) {
        anchor[u] = !g.removed(u) && g.length(u) >= p.min_anchor_length &&
                    g.coverage(u) <= p.unique_depth_factor * depth;
    }
    return anchor;
}

}  // namespace

std::uint64_t extend_into_repeats(UnitigGraph& g, const PairJoinParameters& p, std::size_t max_length) {
    const std::vector<std::uint8_t> anchor = anchor_unitigs(g, p);
    const std::size_t join = std::size_t(g.k() - 1);
    std::vector<std::pair<std::uint32_t, std::string>> extensions;  // decided first, applied after
    for (std::uint32_t end = 0; end < 2 * anchor.size(); ++end) {
        if (!anchor[end / 2] || g.links(end).size() != 1) continue;
        const std::uint32_t entered = g.links(end)[0];
        if (entered / 2 == end / 2 || g.links(entered).size() < 2) continue;
        const std::string repeat = oriented(g, entered, false);
        if (repeat.size() <= join + 1) continue;
        extensions.emplace_back(end, repeat.substr(0, std::min(repeat.size(), join + max_length)));
    }
    std::vector<std::uint32_t> touched;
    for (auto& [end, seq] : extensions) {
        const std::uint32_t entered = g.links(end)[0];
        touched.push_back(entered / 2);
        Unitig copy{std::move(seq), 0, 0, false};
        copy.kmers = std::uint32_t(copy.seq.size() - join);
        copy.count_sum = std::uint64_t(std::llround(g.coverage(end / 2) * double(copy.kmers)));
        const std::uint32_t c = g.add_node(std::move(copy));
        g.remove_link(end, entered);
        g.add_link(end, 2 * c);
    }
    keep_copies_apart(g, touched);
    g.compact();
    return extensions.size();
}

PairJoinStats join_by_pairs(UnitigGraph& g, PairEvidence evidence, const PairJoinParameters& p) {
    evidence.sort();
    PairJoinStats stats{evidence.pairs, evidence.placed, evidence.links.size()};
    if (evidence.fragments.size() < p.min_fragments) return stats;
    const std::vector<std::int32_t>& f = evidence.fragments;
    const double insert = f[f.size() / 2];
    std::vector<double> deviations;
    for (std::int32_t x : f) deviations.push_back(std::abs(double(x) - insert));
    const double sd = std::max(1.4826 * median_of(std::move(deviations)), 10.0);
    stats.insert_median = insert;
    stats.insert_sd = sd;
    const std::vector<std::uint8_t> anchor = anchor_unitigs(g, p);
    const std::vector<Candidate> best = best_partners(g, evidence.links, anchor, insert, p);
    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::vector<Step>>> joins;
    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::size_t>> overlaps;
    for (std::uint32_t end = 0; end < best.size(); ++end) {
        const std::uint32_t partner = best[end].partner;
        if (partner == k_none || partner < end || best[partner].partner != end) continue;
        if (partner / 2 == end / 2) continue;  // a unitig's two ends: a circle, left as it is
        ++stats.candidates;
        const double tolerance = 3 * sd + 20;
        PathSearch search{g, anchor, partner, best[end].gap - tolerance, best[end].gap + tolerance,
                          p.max_path_steps, {}, {}};
        search.walk(end, -double(g.k() - 1));
        if (search.found.size() == 1) {
            joins.emplace_back(end, partner, std::move(search.found.front()));
        } else if (search.found.empty()) {
            const std::size_t o = dead_end_overlap(g, end, partner, search.low, search.high, p.min_overlap);
            if (o > 0) overlaps.emplace_back(end, partner, o);
            ++(o > 0 ? stats.overlaps : stats.no_path);
        } else {
            ++stats.ambiguous_paths;
        }
    }
    for (const auto& [from, to, o] : overlaps) bridge_overlap(g, from, to, o);
    std::vector<std::uint8_t> walked(g.size(), 0);
    std::vector<std::uint32_t> touched;
    for (const auto& [from, to, path] : joins) apply_join(g, from, to, path, walked, touched);
    stats.joined = joins.size();
    for (std::uint32_t w = 0; w < walked.size(); ++w) {  // a repeat whose every copy was joined
        if (walked[w] && g.links(2 * w).empty() && g.links(2 * w + 1).empty()) g.remove_node(w);
    }
    keep_copies_apart(g, touched);
    g.compact();
    return stats;
}

}  // namespace plateau::assembly
