// run_assemble: the k stages, the outputs (contigs FASTA, GFA, JSON report) in the output folder.
#include "assembly/api.hpp"
#include "assembly/contig_set.hpp"
#include "assembly/k_stage.hpp"
#include "assembly/pair_stage.hpp"
#include "assembly/report_html.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"
#include "core/report/json.hpp"
#include "core/report/run_envelope.hpp"

#include <chrono>
#include <filesystem>

namespace plateau::assembly {

namespace {

constexpr int k_report_schema_version = 1;
constexpr std::uint32_t k_low_coverage = 15;
constexpr core::OutputOptions k_stream_output{.sync = false, .mode = 0};

nlohmann::json stage_json(const KStageReport& r) {
    return {{"k", r.k},
            {"solid_threshold", r.solid_threshold},
            {"candidate_kmers", r.candidates},
            {"solid_kmers", r.solid_kmers},
            {"carried_kmers", r.carried_kmers},
            {"mercy_kmers", r.mercy_kmers},
            {"unitigs", r.unitigs},
            {"unitigs_after_cleaning", r.unitigs_after},
            {"table_bytes", r.table_bytes},
            {"kmer_histogram", r.histogram},
            {"cleaning",
             {{"tips", r.cleaning.tips},
              {"bubbles", r.cleaning.bubbles},
              {"weak_links", r.cleaning.weak_links},
              {"low_local_depth", r.cleaning.low_local}}},
            {"seconds", r.seconds},
            {"peak_rss_mb", r.peak_rss_mb}};
}

struct RunResult {
    ReadPassStats reads;
    std::vector<KStageReport> stages;
    PairJoinStats pairs;
    AssembleSummary summary;
};

nlohmann::json report_json(const AssembleOptions& o, const RunResult& r, double wall) {
    nlohmann::json report;
    nlohmann::json libraries = nlohmann::json::array();
    for (const ReadLibrary& l : o.libraries) libraries.push_back({{"first", l.first}, {"second", l.second}});
    report["input"] = {{"libraries", libraries},
                       {"reads", r.reads.reads},
                       {"bases", r.reads.bases},
                       {"max_read_length", r.reads.max_length}};
    nlohmann::json stages = nlohmann::json::array();
    for (const KStageReport& s : r.stages) stages.push_back(stage_json(s));
    report["k_stages"] = stages;
    const PairJoinStats& p = r.pairs;
    report["pair_joins"] = {{"enabled", o.pair_joins},         {"pairs", p.pairs},
                            {"placed_pairs", p.placed},          {"linking_pairs", p.links},
                            {"insert_median", p.insert_median},  {"insert_sd", p.insert_sd},
                            {"candidates", p.candidates},        {"joined", p.joined},
                            {"overlap_joins", p.overlaps},       {"ambiguous_paths", p.ambiguous_paths},
                            {"no_path", p.no_path},              {"extended_ends", p.extended}};
    report["contigs"] = {{"count", r.summary.contigs},
                         {"total_length", r.summary.total_length},
                         {"n50", r.summary.n50},
                         {"largest", r.summary.largest},
                         {"min_length", o.min_contig_len}};
    report["outputs"] = {{"contigs", "contigs.fa"}, {"graph", "graph.gfa"}, {"html", "assembly.html"}};
    core::write_run_envelope(report, core::make_run_envelope("plateau-assemble", k_report_schema_version,
                                                             o.command_line, wall));
    return report;
}

void write_outputs(const AssembleOptions& o, UnitigGraph& graph, RunResult& r,
                   std::chrono::steady_clock::time_point start) {
    if (o.pair_joins) r.pairs = run_pair_stage(o, graph);
    const std::vector<Contig> contigs = select_contigs(graph, o.min_contig_len);
    std::vector<std::uint64_t> lengths;
    for (const Contig& c : contigs) lengths.push_back(c.seq.size());
    r.summary.contigs = contigs.size();
    for (std::uint64_t l : lengths) r.summary.total_length += l;
    r.summary.n50 = n50(lengths);
    r.summary.largest = lengths.empty() ? 0 : lengths.front();
    const std::filesystem::path dir(o.out_dir);
    core::OutputFile fasta((dir / "contigs.fa").string(), k_stream_output);
    core::OutputFile gfa((dir / "graph.gfa").string(), k_stream_output);
    core::OutputFile json((dir / "assembly.json").string(), k_stream_output);
    core::OutputFile html((dir / "assembly.html").string(), k_stream_output);
    fasta.write(contigs_fasta(contigs));
    gfa.write(graph_gfa(graph, contigs));
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const nlohmann::json report = report_json(o, r, wall);
    json.write(report.dump(1) + "\n");
    html.write(render_assembly_html(report));
    fasta.commit();
    gfa.commit();
    json.commit();
    html.commit();
}

// The k-mer depth where the histogram peaks above the solid threshold (0 when it has no peak).
std::uint32_t coverage_peak(const KStageReport& stage) {
    std::uint32_t peak = 0;
    for (std::size_t c = std::max<std::size_t>(stage.solid_threshold, 2); c + 1 < stage.histogram.size(); ++c) {
        if (stage.histogram[c] > stage.histogram[peak]) peak = std::uint32_t(c);
    }
    return peak;
}

// The contigs of one stage that the next k carries (longer than that k).
std::vector<std::string> carried_into(const UnitigGraph& graph, int next_k) {
    std::vector<std::string> carried;
    for (std::size_t u = 0; u < graph.size(); ++u) {
        if (!graph.removed(u) && graph.length(u) > std::size_t(next_k)) carried.push_back(graph.node(u).seq);
    }
    return carried;
}

// Runs the k stages in order, carrying each stage's contigs into the next; returns the last graph.
// `carried`: contigs of an earlier stage for ks[0]; `first`: ks[0] is the first k of a fresh run
// (mercy k-mers are added there).
UnitigGraph run_stages(const AssembleOptions& o, const std::vector<int>& ks, RunResult& r,
                       std::vector<std::string> carried = {}, bool first = true) {
    for (std::size_t i = 0;; ++i) {
        KStageResult stage = run_k_stage(o, ks[i], carried, first && i == 0);
        r.reads = stage.reads;
        r.stages.push_back(stage.report);
        if (i + 1 == ks.size()) return std::move(stage.graph);
        carried = carried_into(stage.graph, ks[i + 1]);
        stage.graph = UnitigGraph(ks[i], {}, {});  // freed before the next k's tables
    }
}

AssembleSummary assemble_into_dir(const AssembleOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    RunResult r;
    if (!o.k_list.empty()) {
        UnitigGraph graph = run_stages(o, o.k_list, r);
        r.summary.reads = r.reads.reads;
        write_outputs(o, graph, r, start);
        return r.summary;
    }
    // Automatic: the main k first; below k_low_coverage of k-mer depth, start again from a smaller
    // k, whose contigs bridge the gaps of low-coverage regions (MEGAHIT's iteration); then the
    // larger k carrying those contigs.
    const AutomaticKs ks = automatic_k_list(probe_read_length(o.libraries));
    UnitigGraph graph = run_stages(o, {ks.main.front()}, r);
    const bool low_depth = coverage_peak(r.stages.back()) < k_low_coverage;
    if (ks.rescue > 0 && low_depth) {
        core::log_info("assemble", "k-mer depth " + std::to_string(coverage_peak(r.stages.back())) +
                                       " is low: assembling again from k=" + std::to_string(ks.rescue));
        graph = run_stages(o, {ks.rescue, ks.main.front()}, r);
    }
    // The larger k only with enough depth: its k-mers are fewer per read, and at low depth its
    // solid threshold no longer separates errors (a 10x test genome then gained a false join).
    if (ks.main.size() > 1 && !low_depth) {
        const std::vector<int> rest(ks.main.begin() + 1, ks.main.end());
        std::vector<std::string> carried = carried_into(graph, rest.front());
        graph = UnitigGraph(graph.k(), {}, {});  // freed before the next k's tables
        graph = run_stages(o, rest, r, std::move(carried), false);
    }
    r.summary.reads = r.reads.reads;
    write_outputs(o, graph, r, start);
    return r.summary;
}

}  // namespace

AssembleSummary run_assemble(const AssembleOptions& o) {
    std::error_code ec;
    const bool created = std::filesystem::create_directories(o.out_dir, ec);
    if (ec) throw_io_error(o.out_dir + ": cannot create the output folder: " + ec.message());
    try {
        return assemble_into_dir(o);
    } catch (...) {
        if (created) std::filesystem::remove(o.out_dir, ec);  // only if still empty
        throw;
    }
}

}  // namespace plateau::assembly
