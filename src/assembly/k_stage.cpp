// One k of the assembly (k_stage.hpp).
#include "assembly/k_stage.hpp"

#include "assembly/kmer_counter.hpp"
#include "assembly/mercy.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/resource_usage.hpp"

#include <algorithm>
#include <bit>
#include <chrono>

namespace plateau::assembly {

namespace {

template <class F>
void for_each_sequence(const core::ReadBatch& a, const core::ReadBatch& b, F&& f) {
    for (std::size_t i = 0; i < a.size(); ++i) f(a[i].seq);
    for (std::size_t i = 0; i < b.size(); ++i) f(b[i].seq);
}

template <class Counter>
ReadPassStats count_reads(const AssembleOptions& o, Counter& counter, int k) {
    const std::string label = "k=" + std::to_string(k);
    for_each_read_batch(o.libraries, o.threads, o.progress, label + " pass 1/2",
                        [&](std::size_t w, const core::ReadBatch& a, const core::ReadBatch& b) {
                            for_each_sequence(a, b, [&](std::string_view s) { counter.add_candidates(w, s); });
                        });
    counter.finish_candidates();
    const ReadPassStats stats =
        for_each_read_batch(o.libraries, o.threads, o.progress, label + " pass 2/2",
                            [&](std::size_t w, const core::ReadBatch& a, const core::ReadBatch& b) {
                                for_each_sequence(a, b, [&](std::string_view s) { counter.count(w, s); });
                            });
    counter.finish_counts();
    return stats;
}

CleaningParameters cleaning_for(const AssembleOptions& o, int k) {
    CleaningParameters p;
    p.max_tip_length = std::size_t(o.tip_factor) * std::size_t(k);
    p.max_bubble_length = std::size_t(o.bubble_factor) * std::size_t(k);
    p.disconnect_ratio = o.disconnect_ratio;
    p.low_local_ratio = o.low_local_ratio;
    p.low_local_max_length = 2 * std::size_t(k);
    p.rounds = o.cleaning_rounds;
    return p;
}

template <class W>
KStageResult stage_with(const AssembleOptions& o, int k, const std::vector<std::string>& carried, bool first) {
    const auto start = std::chrono::steady_clock::now();
    const BasicKmerShape<W> shape(k);
    KStageReport report;
    report.k = k;
    const std::uint64_t bloom_bits = std::bit_ceil(std::max<std::uint64_t>(estimate_input_bases(o.libraries), 1u << 20));
    BasicKmerCounter<W> counter(shape, bloom_bits, o.memory_bytes, o.threads);
    std::uint64_t carried_bases = 0;  // the previous k's contigs: about the genome's k-mers
    for (const std::string& contig : carried) carried_bases += contig.size();
    counter.reserve(carried_bases);
    const ReadPassStats reads = count_reads(o, counter, k);
    if (reads.reads == 0) throw_input_error(o.libraries.front().first + ": no reads");
    if (reads.max_length < std::uint32_t(k)) {
        throw_input_error(o.libraries.front().first + ": reads of up to " + std::to_string(reads.max_length) +
                          " bases are shorter than k=" + std::to_string(k));
    }
    report.histogram = counter.histogram(64);
    report.solid_threshold = o.min_count > 0 ? std::uint32_t(o.min_count) : first_minimum(counter.histogram(1024));
    for (const std::string& contig : carried) {
        for_each_canonical_kmer(shape, contig, [&](W x) {
            counter.ensure_count(x, report.solid_threshold);
            ++report.carried_kmers;
        });
    }
    report.candidates = counter.candidates();
    report.table_bytes = counter.table_bytes();
    BasicSolidIndex<W> index(shape, counter.take_solid(report.solid_threshold), o.threads);
    if (first && o.mercy) report.mercy_kmers = add_mercy_kmers(o, index, report.solid_threshold);
    report.solid_kmers = index.size();
    const auto since = [](std::chrono::steady_clock::time_point t) {
        return std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count()).substr(0, 5) + " s";
    };
    core::log_info("assemble", "k=" + std::to_string(k) + ": " + std::to_string(index.size()) +
                                   " solid k-mers (count >= " + std::to_string(report.solid_threshold) + ", " +
                                   std::to_string(report.mercy_kmers) + " mercy), counted in " + since(start));
    const auto graph_start = std::chrono::steady_clock::now();
    UnitigGraph graph = build_unitig_graph(index);
    report.unitigs = graph.size();
    const std::string built = since(graph_start);
    const auto clean_start = std::chrono::steady_clock::now();
    report.cleaning = clean_graph(graph, cleaning_for(o, k));
    report.unitigs_after = graph.size();
    core::log_info("assemble", "k=" + std::to_string(k) + ": " + std::to_string(report.unitigs) + " unitigs in " +
                                   built + ", " + std::to_string(report.unitigs_after) + " after cleaning in " +
                                   since(clean_start) + "; peak RSS so far " +
                                   std::to_string(int(core::current_resource_usage().peak_rss_mb)) + " MB");
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.peak_rss_mb = core::current_resource_usage().peak_rss_mb;
    return {std::move(graph), std::move(report), reads};
}

}  // namespace

AutomaticKs automatic_k_list(std::uint32_t read_length) {
    int top = std::min<int>(k_max_narrow_k, int(read_length * 45 / 100));
    if (top % 2 == 0) --top;
    if (top < 21) top = std::max<int>(k_min_k, int(read_length) - 1 - int(read_length % 2 == 0 ? 1 : 0));
    if (top < k_min_k) {
        throw_input_error("reads of " + std::to_string(read_length) + " bases are shorter than the smallest k (" +
                          std::to_string(k_min_k) + ")");
    }
    AutomaticKs ks;
    if (top >= 41) ks.rescue = 21 + 2 * ((top - 21) / 4);  // a smaller k first bridges low-coverage gaps
    ks.main.push_back(top);
    int wide = std::min<int>(k_max_k, int(read_length * 2 / 3));
    if (wide % 2 == 0) --wide;
    if (wide > 75) ks.main.push_back(wide);  // spans repeats up to ~2/3 of a read (256-bit words)
    return ks;
}

KStageResult run_k_stage(const AssembleOptions& o, int k, const std::vector<std::string>& carried, bool first) {
    if (k <= k_max_narrow_k) return stage_with<KmerWord>(o, k, carried, first);
    return stage_with<KmerWord256>(o, k, carried, first);
}

}  // namespace plateau::assembly
