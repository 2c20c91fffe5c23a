// run_evaluate: sequence lengths of the assembly and the reference, minimap2 alignments (or a
// PAF given with --paf), QUAST-style metrics, TSV, JSON and HTML outputs.
#include "assembly/api.hpp"
#include "assembly/evaluate_html.hpp"
#include "assembly/minimap2_runner.hpp"
#include "assembly/quast_metrics.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/report/run_envelope.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace plateau::assembly {

namespace {

constexpr int k_evaluate_schema_version = 1;

std::map<std::string, std::uint64_t> sequence_lengths(const std::string& path) {
    std::map<std::string, std::uint64_t> lengths;
    auto reader = core::SequenceReader::open(path);
    core::ReadBatch batch;
    while (reader->read(batch, 1024, 64u << 20) > 0) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const std::string_view name = batch[i].name.substr(0, batch[i].name.find_first_of(" \t"));
            if (!lengths.emplace(std::string(name), batch[i].seq.size()).second)
                throw_input_error(path + ": sequence name '" + std::string(name) + "' appears twice");
        }
        batch.clear();
    }
    if (lengths.empty()) throw_input_error(path + ": no sequences");
    return lengths;
}

std::vector<Alignment> parse_paf(const std::string& text, const std::string& source) {
    std::vector<Alignment> alignments;
    std::istringstream in(text);
    std::string line;
    for (std::uint64_t n = 1; std::getline(in, line); ++n) {
        if (!line.empty()) alignments.push_back(parse_paf_line(line, source + ": line " + std::to_string(n)));
    }
    return alignments;
}

std::vector<std::pair<std::string, std::string>> metric_rows(const AssemblyMetrics& m) {
    auto num = [](double v) {
        char b[32];
        std::snprintf(b, sizeof b, "%.2f", v);
        return std::string(b);
    };
    auto opt = [](std::uint64_t v) { return v ? std::to_string(v) : std::string("-"); };
    return {{"# contigs", std::to_string(m.contigs)}, {"Total length", std::to_string(m.total_length)},
            {"Reference length", std::to_string(m.reference_length)}, {"Largest contig", std::to_string(m.largest_contig)},
            {"N50", std::to_string(m.n50)}, {"NG50", opt(m.ng50)}, {"NA50", opt(m.na50)}, {"NGA50", opt(m.nga50)},
            {"L50", std::to_string(m.l50)}, {"LG50", opt(m.lg50)}, {"LA50", opt(m.la50)}, {"LGA50", opt(m.lga50)},
            {"# misassemblies", std::to_string(m.misassemblies)}, {"# relocations", std::to_string(m.relocations)},
            {"# inversions", std::to_string(m.inversions)}, {"# translocations", std::to_string(m.translocations)},
            {"# misassembled contigs", std::to_string(m.misassembled_contigs)},
            {"# local misassemblies", std::to_string(m.local_misassemblies)},
            {"# unaligned contigs", std::to_string(m.unaligned_contigs) + " + " +
                                        std::to_string(m.partially_unaligned_contigs) + " part"},
            {"Unaligned length", std::to_string(m.unaligned_length)}, {"Genome fraction (%)", num(m.genome_fraction)},
            {"Duplication ratio", num(m.duplication_ratio)}, {"# mismatches per 100 kbp", num(m.mismatches_per_100kbp)},
            {"# indels per 100 kbp", num(m.indels_per_100kbp)}, {"Largest alignment", std::to_string(m.largest_alignment)},
            {"Total aligned length", std::to_string(m.total_aligned_length)}};
}

nlohmann::json metrics_json(const AssemblyMetrics& m) {
    return {{"contigs", m.contigs}, {"total_length", m.total_length}, {"reference_length", m.reference_length},
            {"largest_contig", m.largest_contig}, {"n50", m.n50}, {"ng50", m.ng50}, {"na50", m.na50},
            {"nga50", m.nga50}, {"l50", m.l50}, {"lg50", m.lg50}, {"la50", m.la50}, {"lga50", m.lga50},
            {"misassemblies", m.misassemblies}, {"relocations", m.relocations}, {"inversions", m.inversions},
            {"translocations", m.translocations}, {"misassembled_contigs", m.misassembled_contigs},
            {"local_misassemblies", m.local_misassemblies}, {"unaligned_contigs", m.unaligned_contigs},
            {"partially_unaligned_contigs", m.partially_unaligned_contigs}, {"unaligned_length", m.unaligned_length},
            {"genome_fraction", m.genome_fraction}, {"duplication_ratio", m.duplication_ratio},
            {"mismatches", m.mismatches}, {"indels", m.indels}, {"mismatches_per_100kbp", m.mismatches_per_100kbp},
            {"indels_per_100kbp", m.indels_per_100kbp}, {"largest_alignment", m.largest_alignment},
            {"total_aligned_length", m.total_aligned_length}};
}

void write_reports(const EvaluateOptions& o, const AssemblyMetrics& m, double wall) {
    std::string tsv = "Assembly\t" + o.contigs + "\n";
    for (const auto& [name, value] : metric_rows(m)) tsv += name + "\t" + value + "\n";
    nlohmann::json report;
    report["assembly"] = o.contigs;
    report["reference"] = o.reference;
    report["metrics"] = metrics_json(m);
    core::write_run_envelope(report, core::make_run_envelope("plateau-assemble evaluate", k_evaluate_schema_version,
                                                             o.command_line, wall));
    const core::OutputOptions plain{.sync = false, .mode = 0};
    std::unique_ptr<core::OutputFile> json_file, html_file;
    if (!o.json_out.empty()) {
        json_file = std::make_unique<core::OutputFile>(o.json_out, plain);
        json_file->write(report.dump(1) + "\n");
    }
    if (!o.html_out.empty()) {
        html_file = std::make_unique<core::OutputFile>(o.html_out, plain);
        html_file->write(render_evaluate_html(report));
    }
    core::OutputFile tsv_file(o.tsv_out.empty() ? "-" : o.tsv_out, plain);
    tsv_file.write(tsv);
    if (json_file) json_file->commit();
    if (html_file) html_file->commit();
    tsv_file.commit();
}

}  // namespace

void validate(const EvaluateOptions& o) {
    if (o.contigs.empty()) throw_usage_error("evaluate: the assembly FASTA is required");
    if (o.reference.empty()) throw_usage_error("evaluate: -r/--reference is required");
    if (!(o.min_identity >= 80 && o.min_identity <= 100)) throw_usage_error("--min-identity must be 80 to 100");
    if (o.local_mis_size >= o.extensive_mis_size)
        throw_usage_error("--local-mis-size must be smaller than --extensive-mis-size");
    if (o.threads < 1 || o.threads > 1024) throw_usage_error("--threads must be 1 to 1024");
}

EvaluateSummary run_evaluate(const EvaluateOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    const auto contigs = sequence_lengths(o.contigs);
    const auto reference = sequence_lengths(o.reference);
    std::string paf;
    if (o.paf.empty()) {
        paf = run_minimap2(o.minimap2, o.reference, o.contigs, o.threads);
    } else {
        std::ifstream in(o.paf);
        if (!in) throw_input_error(o.paf + ": cannot be read");
        paf.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    EvaluationThresholds t;
    t.min_contig = o.min_contig;
    t.min_alignment = o.min_alignment;
    t.min_identity = o.min_identity;
    t.extensive_mis_size = o.extensive_mis_size;
    t.local_mis_size = o.local_mis_size;
    const AssemblyMetrics m = compute_metrics(contigs, reference, parse_paf(paf, o.paf.empty() ? "minimap2" : o.paf), t);
    write_reports(o, m, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return {m.contigs, m.nga50, m.genome_fraction, m.misassemblies};
}

}  // namespace plateau::assembly
