// plateau-amplicon table: validate() and run_table(): aggregate, filter, write every output
// together (nothing is left when any input is bad), and a report of what the table step knows.
#include "amplicon/otu_table.hpp"
#include "amplicon/table_api.hpp"
#include "amplicon/table_report.hpp"
#include "amplicon/table_writers.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/log.hpp"
#include "core/read_batch.hpp"
#include "core/version.hpp"

#include <chrono>
#include <ctime>
#include <memory>

namespace plateau::amplicon {

void validate(const TableOptions& o) {
    if (o.clusters.empty()) throw_usage_error("--clusters: required (swarm -o or -u output)");
    if (o.fasta.empty()) throw_usage_error("--fasta: required (the dereplicated FASTA)");
    if (o.counts.empty()) throw_usage_error("--counts: required (derep --counts)");
    if (o.biom_out.empty()) throw_usage_error("--biom: required");
    const double f = o.filters.min_abundance_fraction;
    if (!(f >= 0 && f < 1)) throw_usage_error("--min-abundance " + std::to_string(f) + ": a fraction must be in (0, 1)");
    if (o.filters.min_abundance_count > 0 && f > 0) throw_usage_error("--min-abundance: a count or a fraction, not both");
    if (o.row_prefix.empty() || o.row_prefix.find_first_of(" \t\n") != std::string::npos) {
        throw_usage_error("--row-prefix '" + o.row_prefix + "': must be a non-empty word");
    }
    if (o.top_clusters < 1 || o.top_clusters > 1000) {
        throw_usage_error("--top-clusters " + std::to_string(o.top_clusters) + ": must be from 1 to 1000");
    }
}

namespace {

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    return text;
}

struct FastaScan {
    std::vector<std::uint64_t> read_lengths;  // reads (count-table totals) by amplicon length
    std::uint64_t records = 0;
};

void add_length(std::vector<std::uint64_t>& histogram, std::size_t length, std::uint64_t n) {
    if (histogram.size() <= length) histogram.resize(length + 1, 0);
    histogram[length] += n;
}

// Reads the dereplicated FASTA: seed sequences into the table, lengths for the report, and every
// record checked against the count table (present, same abundance when annotated).
FastaScan scan_fasta(const TableOptions& o, const CountTable& counts, OtuTable& table) {
    std::unordered_map<std::string, std::size_t> seed_row;
    for (std::size_t i = 0; i < table.rows.size(); ++i) seed_row.emplace(table.rows[i].seed_id, i);
    FastaScan scan;
    core::Progress progress(o.progress, "amplicons");
    auto reader = core::SequenceReader::open(o.fasta);
    core::ReadBatch batch;
    for (;;) {
        batch.clear();
        if (reader->read(batch, 4096, 1U << 22) == 0) break;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            ++scan.records;
            const std::string_view name = batch[i].name.substr(0, batch[i].name.find_first_of(" \t"));
            const auto it = counts.row_of.find(amplicon_id(name));
            const auto where = [&] { return o.fasta + ": record " + std::to_string(scan.records); };
            if (it == counts.row_of.end()) {
                throw_input_error(where() + ": '" + std::string(name) + "' is not in the count table " + o.counts);
            }
            const std::uint64_t total = counts.row_total(it->second);
            const std::uint64_t annotated = annotated_abundance(name);
            if (annotated != 0 && annotated != total) {
                throw_input_error(where() + ": '" + std::string(name) + "' has abundance " + std::to_string(annotated) +
                                  " but " + std::to_string(total) + " reads in the count table " + o.counts);
            }
            add_length(scan.read_lengths, batch[i].seq.size(), total);
            if (const auto seed = seed_row.find(counts.ids[it->second]); seed != seed_row.end()) {
                table.rows[seed->second].seed_sequence = std::string(batch[i].seq);
            }
        }
        progress.update(scan.records);
    }
    progress.finish();
    for (const OtuRow& row : table.rows) {
        if (row.seed_sequence.empty()) throw_input_error(o.fasta + ": no sequence for the seed '" + row.seed_id + "' of " + row.name);
    }
    return scan;
}

}  // namespace

TableSummary run_table(const TableOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    const CountTable counts = read_count_table(o.counts);
    OtuTable table = aggregate_clusters(read_clusters(o.clusters), counts, o.clusters, o.counts, o.row_prefix);
    FastaScan scan = scan_fasta(o, counts, table);
    for (const std::string& path : o.exclude) apply_exclusion_file(table, path);
    apply_cluster_filters(table, o.filters);
    if (!o.taxonomy.empty()) apply_affiliations(table, read_affiliation_tsv(o.taxonomy), o.taxonomy);

    std::vector<std::unique_ptr<core::OutputFile>> files;
    const auto write = [&files](const std::string& path, const std::string& content) {
        if (path.empty()) return;
        files.push_back(std::make_unique<core::OutputFile>(path, core::OutputOptions{.sync = false}));
        files.back()->write(content);
    };
    write(o.biom_out, format_biom(table, o.date.empty() ? utc_now() : o.date, std::string("plateau-amplicon ") + k_version));
    write(o.tsv_out, format_abundance_tsv(table));
    write(o.seeds_out, format_seed_fasta(table));
    write(o.composition_out, format_composition(table));
    write(o.excluded_out, format_excluded(table));
    if (!o.json_out.empty() || !o.html_out.empty()) {
        const RunReport report = table_run_report(table, counts, std::move(scan.read_lengths), !o.exclude.empty(), o.top_clusters);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::string json = run_report_json(report, o.command_line, wall);
        write(o.json_out, json);
        write(o.html_out, run_report_html(json));
    }
    for (auto& file : files) file->commit();

    TableSummary summary;
    summary.samples = table.samples.size();
    summary.clusters = table.rows.size();
    for (const OtuRow& row : table.rows) {
        summary.reads += row.total;
        if (row.excluded_because.empty()) { ++summary.kept; summary.kept_reads += row.total; }
    }
    return summary;
}

}  // namespace plateau::amplicon
