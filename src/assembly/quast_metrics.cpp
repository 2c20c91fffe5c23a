// QUAST-style metrics (quast_metrics.hpp).
#include "assembly/quast_metrics.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>

namespace plateau::assembly {

namespace {

enum class Breakpoint { none, local, relocation, inversion, translocation };

Breakpoint classify(const Alignment& a, const Alignment& b, const EvaluationThresholds& t) {
    if (a.target != b.target) return Breakpoint::translocation;
    if (a.reverse != b.reverse) return Breakpoint::inversion;
    const auto s = [](std::uint64_t v) { return std::int64_t(v); };
    const std::int64_t ref_gap = a.reverse ? s(a.target_start) - s(b.target_end) : s(b.target_start) - s(a.target_end);
    const std::int64_t query_gap = s(b.query_start) - s(a.query_end);
    const auto absolute = [](std::int64_t v) { return v < 0 ? -v : v; };
    std::int64_t delta = absolute(ref_gap - query_gap);
    if (t.circular) delta = std::min(delta, absolute(delta - s(a.target_length)));
    if (delta > t.extensive_mis_size) return Breakpoint::relocation;
    if (delta > t.local_mis_size) return Breakpoint::local;
    return Breakpoint::none;
}

// Length of the union of half-open intervals.
std::uint64_t union_length(std::vector<std::pair<std::uint64_t, std::uint64_t>> v) {
    std::sort(v.begin(), v.end());
    std::uint64_t total = 0, reach = 0;
    for (const auto& [start, end] : v) {
        const std::uint64_t from = std::max(start, reach);
        if (end > from) total += end - from;
        reach = std::max(reach, end);
    }
    return total;
}

struct ContigWalk {
    std::vector<std::uint64_t> blocks;  // aligned lengths between extensive misassemblies
    std::uint64_t aligned = 0;          // union of aligned query bases
    bool misassembled = false;
};

ContigWalk walk_contig(std::vector<const Alignment*> alns, const EvaluationThresholds& t, AssemblyMetrics& m) {
    std::sort(alns.begin(), alns.end(), [](const Alignment* a, const Alignment* b) {
        return a->query_start != b->query_start ? a->query_start < b->query_start : a->query_end > b->query_end;
    });
    ContigWalk w;
    const Alignment* previous = nullptr;
    std::uint64_t block = 0;
    for (const Alignment* a : alns) {
        if (previous && a->query_end <= previous->query_end) continue;  // contained in the previous one
        if (previous) {
            const Breakpoint kind = classify(*previous, *a, t);
            if (kind == Breakpoint::local) ++m.local_misassemblies;
            if (kind == Breakpoint::relocation || kind == Breakpoint::inversion || kind == Breakpoint::translocation) {
                ++m.misassemblies;
                m.relocations += kind == Breakpoint::relocation;
                m.inversions += kind == Breakpoint::inversion;
                m.translocations += kind == Breakpoint::translocation;
                w.misassembled = true;
                w.blocks.push_back(block);
                block = 0;
            }
        }
        const std::uint64_t from = previous ? std::max(a->query_start, previous->query_end) : a->query_start;
        block += a->query_end - from;
        w.aligned += a->query_end - from;
        previous = a;
    }
    if (block > 0) w.blocks.push_back(block);
    return w;
}

bool usable(const Alignment& a, const std::map<std::string, std::uint64_t>& contigs, const EvaluationThresholds& t) {
    const auto it = contigs.find(a.query);
    return !a.secondary && it != contigs.end() && it->second >= t.min_contig &&
           a.query_end - a.query_start >= t.min_alignment && a.identity() >= t.min_identity;
}

void alignment_totals(const std::vector<const Alignment*>& used, AssemblyMetrics& m) {
    std::map<std::string, std::vector<std::pair<std::uint64_t, std::uint64_t>>> covered;
    for (const Alignment* a : used) {
        covered[a->target].push_back({a->target_start, a->target_end});
        m.largest_alignment = std::max(m.largest_alignment, a->query_end - a->query_start);
        m.total_aligned_length += a->query_end - a->query_start;
        m.mismatches += a->mismatches;
        m.indels += a->indels;
    }
    std::uint64_t covered_bases = 0;
    for (auto& [name, intervals] : covered) covered_bases += union_length(intervals);
    if (m.reference_length) m.genome_fraction = 100.0 * double(covered_bases) / double(m.reference_length);
    if (covered_bases) m.duplication_ratio = double(m.total_aligned_length) / double(covered_bases);
    if (m.total_aligned_length) {
        m.mismatches_per_100kbp = 1e5 * double(m.mismatches) / double(m.total_aligned_length);
        m.indels_per_100kbp = 1e5 * double(m.indels) / double(m.total_aligned_length);
    }
}

}  // namespace

std::pair<std::uint64_t, std::uint64_t> nx_lx(std::vector<std::uint64_t> lengths, std::uint64_t total, double x) {
    std::sort(lengths.begin(), lengths.end(), std::greater<>());
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        sum += lengths[i];
        if (double(sum) * 100.0 >= x * double(total)) return {lengths[i], i + 1};
    }
    return {0, 0};
}

AssemblyMetrics compute_metrics(const std::map<std::string, std::uint64_t>& contigs,
                                const std::map<std::string, std::uint64_t>& reference,
                                const std::vector<Alignment>& alignments, const EvaluationThresholds& t) {
    AssemblyMetrics m;
    for (const auto& [name, length] : reference) m.reference_length += length;
    std::vector<std::uint64_t> lengths;
    for (const auto& [name, length] : contigs) {
        if (length < t.min_contig) continue;
        lengths.push_back(length);
        m.total_length += length;
        m.largest_contig = std::max(m.largest_contig, length);
    }
    m.contigs = lengths.size();
    std::tie(m.n50, m.l50) = nx_lx(lengths, m.total_length);
    std::tie(m.ng50, m.lg50) = nx_lx(lengths, m.reference_length);
    std::map<std::string, std::vector<const Alignment*>> by_contig;
    std::vector<const Alignment*> used;
    for (const Alignment& a : alignments) {
        if (!usable(a, contigs, t)) continue;
        by_contig[a.query].push_back(&a);
        used.push_back(&a);
    }
    std::vector<std::uint64_t> blocks;
    for (const auto& [name, length] : contigs) {
        if (length < t.min_contig) continue;
        const auto it = by_contig.find(name);
        const ContigWalk w = it == by_contig.end() ? ContigWalk{} : walk_contig(it->second, t, m);
        blocks.insert(blocks.end(), w.blocks.begin(), w.blocks.end());
        m.misassembled_contigs += w.misassembled;
        m.unaligned_contigs += w.aligned == 0;
        m.partially_unaligned_contigs += w.aligned > 0 && length - w.aligned >= t.unaligned_part_size;
        m.unaligned_length += length - std::min(length, w.aligned);
    }
    std::tie(m.na50, m.la50) = nx_lx(blocks, m.total_length);
    std::tie(m.nga50, m.lga50) = nx_lx(blocks, m.reference_length);
    alignment_totals(used, m);
    return m;
}

}  // namespace plateau::assembly
