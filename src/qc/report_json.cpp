#include "qc/report_json.hpp"

#include "core/report/run_envelope.hpp"
#include "qc/fastqc_bridge.hpp"
#include "qc/quality_quantiles.hpp"

#include <algorithm>

namespace plateau::qc {
namespace {

using nlohmann::json;

ReadStats after_filtering(const ReadFileTotals& t) {
    ReadStats after = t.before;
    after.merge(t.removed, -1);
    after.merge(t.added, +1);
    return after;
}

double ratio(std::int64_t a, std::int64_t b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

json summary_block(const ReadStats& r1, const ReadStats* r2) {
    ReadTotals a = totals(r1);
    ReadTotals b = r2 ? totals(*r2) : ReadTotals{};
    const std::int64_t reads = a.reads + b.reads, bases = a.bases + b.bases;
    json s = {{"total_reads", reads},
              {"total_bases", bases},
              {"q20_bases", a.q20 + b.q20},
              {"q30_bases", a.q30 + b.q30},
              {"q20_rate", ratio(a.q20 + b.q20, bases)},
              {"q30_rate", ratio(a.q30 + b.q30, bases)},
              {"read1_mean_length", static_cast<std::int64_t>(a.mean_length)}};
    if (r2) s["read2_mean_length"] = static_cast<std::int64_t>(b.mean_length);
    s["gc_content"] = ratio(a.gc + b.gc, bases);
    return s;
}

std::string kmer_name(unsigned code) {
    std::string k(5, 'A');
    for (int i = 4; i >= 0; --i) {
        k[static_cast<std::size_t>(i)] = "ACGT"[code & 3u];
        code >>= 2;
    }
    return k;
}

json plateau_read_section(const ReadStats& stats) {
    const std::vector<CycleQuality> cycles = per_cycle_quality(stats);
    json q = {{"mean", json::array()}, {"median", json::array()}, {"lower_quartile", json::array()},
              {"upper_quartile", json::array()}, {"percentile_10", json::array()}, {"percentile_90", json::array()}};
    for (const CycleQuality& c : cycles) {
        q["mean"].push_back(c.mean);
        q["median"].push_back(c.median);
        q["lower_quartile"].push_back(c.lower_quartile);
        q["upper_quartile"].push_back(c.upper_quartile);
        q["percentile_10"].push_back(c.percentile_10);
        q["percentile_90"].push_back(c.percentile_90);
    }
    return {{"per_cycle_quality", q},
            {"length_histogram", stats.length_histogram},
            {"gc_histogram", stats.gc_histogram},
            {"mean_quality_histogram", stats.mean_quality_histogram}};
}

std::string sequencing_description(const QcPlan& plan, const ReadStats& r1, const ReadStats& r2) {
    if (!plan.paired) return "single end (" + std::to_string(r1.cycles()) + " cycles)";
    return "paired end (" + std::to_string(r1.cycles()) + " cycles + " + std::to_string(r2.cycles()) + " cycles)";
}

// FastQC verdicts and values, plus the adapter content and overrepresented sequences in the
// shapes the HTML report draws.
void add_fastqc_sections(json& plateau, const std::string& read, const std::vector<ModuleResult>& modules) {
    plateau["fastqc"][read] = fastqc_json(modules);
    for (const ModuleResult& m : modules) {
        if (m.name == "Adapter Content") {
            json curves = json::object();
            for (const Series& s : m.series) curves[s.name] = s.values;
            plateau["adapter_content"][read] = curves;
        } else if (m.name == "Overrepresented sequences") {
            json list = json::array();
            for (const OverrepresentedSequence& o : m.overrepresented)
                list.push_back({{"sequence", o.sequence}, {"count", o.count}, {"percentage", o.percent}, {"possible_source", o.possible_source}});
            plateau["overrepresented"][read] = list;
        }
    }
}

// filtering_result, duplication, insert_size and adapter_cutting, in fastp's layout.
void add_filtering_sections(json& report, const ReportInputs& in) {
    const WorkerTotals& t = in.totals;
    const auto& f = t.filter.reads;
    report["filtering_result"] = {{"passed_filter_reads", f[static_cast<int>(FilterResult::pass)]},
                                  {"low_quality_reads", f[static_cast<int>(FilterResult::low_quality)]},
                                  {"too_many_N_reads", f[static_cast<int>(FilterResult::too_many_n)]},
                                  {"too_short_reads", f[static_cast<int>(FilterResult::too_short)]},
                                  {"too_long_reads", f[static_cast<int>(FilterResult::too_long)]}};
    if (in.plan.filter.low_complexity)
        report["filtering_result"]["low_complexity_reads"] = f[static_cast<int>(FilterResult::low_complexity)];
    if (in.plan.evaluate_duplication)
        report["duplication"] = {{"rate", in.duplication.rate()}, {"histogram", in.duplication.histogram(32)}};
    if (in.plan.paired) {
        std::vector<std::int64_t> hist = t.insert_sizes;
        hist.resize(static_cast<std::size_t>(in.plan.insert_size_max) + 1, 0);
        const auto peak = std::max_element(hist.begin(), hist.end());
        report["insert_size"] = {{"peak", *peak > 0 ? peak - hist.begin() : 0}, {"unknown", t.insert_unknown}, {"histogram", hist}};
    }
    if (in.plan.adapter_source != "none" || in.plan.adapter_by_overlap) {
        json a = {{"adapter_trimmed_reads", t.adapter_trimmed_reads}, {"adapter_trimmed_bases", t.adapter_trimmed_bases}};
        a["read1_adapter_sequence"] = in.plan.read1.adapter.empty() ? "unspecified" : in.plan.read1.adapter.sequence();
        if (in.plan.paired) a["read2_adapter_sequence"] = in.plan.read2.adapter.empty() ? "unspecified" : in.plan.read2.adapter.sequence();
        report["adapter_cutting"] = a;
    }
}

}  // namespace

json fastp_read_section(const ReadStats& stats) {
    ReadTotals t = totals(stats);
    const int cycles = stats.cycles();
    json quality = {{"A", json::array()}, {"T", json::array()}, {"C", json::array()}, {"G", json::array()}, {"mean", json::array()}};
    json content = {{"A", json::array()}, {"T", json::array()}, {"C", json::array()}, {"G", json::array()},
                    {"N", json::array()}, {"GC", json::array()}};
    for (int c = 0; c < cycles; ++c) {
        std::int64_t n[k_base_kinds] = {}, qsum[k_base_kinds] = {};
        for (int b = 0; b < k_base_kinds; ++b)
            for (int q = 0; q < k_quality_bins; ++q) {
                n[b] += stats.count(c, b, q);
                qsum[b] += stats.count(c, b, q) * q;
            }
        const std::int64_t all = n[0] + n[1] + n[2] + n[3] + n[4];
        const std::int64_t all_q = qsum[0] + qsum[1] + qsum[2] + qsum[3] + qsum[4];
        for (int b : {0, 3, 1, 2}) {  // fastp's key order A, T, C, G
            const std::string key(1, k_base_letters[b]);
            quality[key].push_back(ratio(qsum[b], n[b]));
            content[key].push_back(ratio(n[b], all));
        }
        quality["mean"].push_back(ratio(all_q, all));
        content["N"].push_back(ratio(n[4], all));
        content["GC"].push_back(ratio(n[1] + n[2], all));
    }
    json kmers = json::object();
    for (unsigned code = 0; code < 1024; ++code) kmers[kmer_name(code)] = stats.kmer5[code];
    return {{"total_reads", t.reads},       {"total_bases", t.bases},        {"q20_bases", t.q20},
            {"q30_bases", t.q30},           {"total_cycles", cycles},        {"quality_curves", quality},
            {"content_curves", content},    {"kmer_count", kmers},           {"overrepresented_sequences", json::object()}};
}

json build_json_report(const ReportInputs& in) {
    const WorkerTotals& t = in.totals;
    const ReadStats after1 = after_filtering(t.read1);
    const ReadStats after2 = in.plan.paired ? after_filtering(t.read2) : ReadStats{};
    const ReadStats* before2 = in.plan.paired ? &t.read2.before : nullptr;

    json report;
    report["summary"] = {{"sequencing", sequencing_description(in.plan, t.read1.before, t.read2.before)},
                         {"before_filtering", summary_block(t.read1.before, before2)},
                         {"after_filtering", summary_block(after1, in.plan.paired ? &after2 : nullptr)}};
    add_filtering_sections(report, in);
    report["read1_before_filtering"] = fastp_read_section(t.read1.before);
    report["read1_after_filtering"] = fastp_read_section(after1);
    if (in.plan.paired) {
        report["read2_before_filtering"] = fastp_read_section(t.read2.before);
        report["read2_after_filtering"] = fastp_read_section(after2);
    }
    json reads = {{"read1_before_filtering", plateau_read_section(t.read1.before)},
                  {"read1_after_filtering", plateau_read_section(after1)}};
    if (in.plan.paired) {
        reads["read2_before_filtering"] = plateau_read_section(t.read2.before);
        reads["read2_after_filtering"] = plateau_read_section(after2);
    }
    json plateau = {{"adapter_source", in.plan.adapter_source}, {"poly_g_trimming", in.plan.poly_g}, {"reads", reads}};
    if (in.plan.paired) {
        plateau["insert_size_note"] =
            "Insert sizes come only from pairs whose reads overlap (insert shorter than about the two read lengths "
            "minus 30 bp); the other pairs are counted as unknown, so the peak says nothing about longer fragments.";
    }
    add_fastqc_sections(plateau, "read1", in.fastqc1);
    if (in.plan.paired) add_fastqc_sections(plateau, "read2", in.fastqc2);
    report["plateau"] = plateau;
    core::write_run_envelope(report, core::make_run_envelope("plateau-qc", k_report_schema_version, in.options.command_line,
                                                       in.wall_seconds));
    return report;
}

}  // namespace plateau::qc
