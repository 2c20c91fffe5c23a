// The steps of `run`, each through its public step function and files in the work folder.
#include "amplicon/run_steps.hpp"

#include "amplicon/api.hpp"

#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/log.hpp"
#include "core/read_batch.hpp"

#include <unordered_map>
#include <unordered_set>

namespace plateau::amplicon {

namespace {

constexpr const char* k_module = "amplicon";

std::string sample_file(std::size_t index, const char* what) {
    return "sample" + std::to_string(index + 1) + "." + what;
}

// Calls `each(name, seq)` for every record of a sequence file.
template <typename Each>
void for_each_record(const std::string& path, Each&& each) {
    auto reader = core::SequenceReader::open(path);
    core::ReadBatch batch;
    for (;;) {
        batch.clear();
        if (reader->read(batch, 4096, 1U << 22) == 0) break;
        for (std::size_t i = 0; i < batch.size(); ++i) each(batch[i].name, batch[i].seq);
    }
}

void add_length(std::vector<std::uint64_t>& histogram, std::size_t length, std::uint64_t n) {
    if (histogram.size() <= length) histogram.resize(length + 1, 0);
    histogram[length] += n;
}

SampleFunnel merge_sample(const RunOptions& o, const RunPlan& plan, std::size_t index, const std::string& out) {
    MergeOptions m;
    m.samples = {o.samples[index]};
    m.fastq_out = out;
    m.allow_stagger = true;  // FROGS: --fastq_allowmergestagger --fastq_ascii 33 --fastq_qmax 93
    m.ascii = 33;
    m.qmax = 93;
    m.max_diff_pct = 100.0 * o.mismatch_rate;
    m.min_overlap = plan.min_overlap;
    m.threads = o.threads;
    m.progress = o.progress;
    const MergeSummary s = run_merge(m);
    SampleFunnel f;
    f.pairs = s.total.pairs;
    f.merged = s.total.merged;
    if (f.merged > 0) {
        for_each_record(out, [&](std::string_view, std::string_view seq) { add_length(f.merged_lengths, seq.size(), 1); });
    }
    return f;
}

// A step that leaves a sample without reads stops the run with the sample's counts so far (the
// next step would only say that a work file is empty).
void require_reads(const PairedSample& sample, const SampleFunnel& f, std::uint64_t left, const char* step) {
    if (left != 0) return;
    throw_input_error(sample.read1 + ": sample " + sample.name + ": no read left after " + step + " (" +
                      std::to_string(f.pairs) + " pairs, " + std::to_string(f.merged) + " merged, " +
                      std::to_string(f.primers) + " with both primers, " + std::to_string(f.filtered) + " kept by the filter)");
}

std::string trim_primers(const RunOptions& o, const std::string& merged, const std::string& out, SampleFunnel& f) {
    f.primers = f.merged;
    if (o.without_primers) return merged;
    PrimerOptions p;
    p.input = merged;
    p.output = out;
    p.five_prime = o.five_prime;
    p.three_prime = o.three_prime;
    p.threads = o.threads;
    p.progress = o.progress;
    f.primers = run_primers(p).written;
    return out;
}

}  // namespace

SampleFunnel run_sample_steps(const RunOptions& o, const RunPlan& plan, std::size_t index, const RunWorkDir& dir) {
    const PairedSample& sample = o.samples[index];
    const std::string merged = dir.work(sample_file(index, "merged.fastq"));
    SampleFunnel f = merge_sample(o, plan, index, merged);
    require_reads(sample, f, f.merged, "merging");
    const std::string trimmed = trim_primers(o, merged, dir.work(sample_file(index, "primers.fastq")), f);
    require_reads(sample, f, f.primers, "primer removal");
    FilterOptions filter;
    filter.input = trimmed;
    filter.output = dir.work(sample_file(index, "filtered.fasta"));
    filter.fasta_out = true;
    filter.min_length = plan.min_length;
    filter.max_length = plan.max_length;
    filter.max_ns = 0;
    filter.threads = o.threads;
    filter.progress = o.progress;
    f.filtered = run_filter(filter).written;
    core::log_info(k_module, "sample " + sample.name + " (" + std::to_string(index + 1) + "/" +
                                 std::to_string(o.samples.size()) + "): " + std::to_string(f.pairs) + " pairs, " +
                                 std::to_string(f.merged) + " merged, " +
                                 (o.without_primers ? std::string() : std::to_string(f.primers) + " with both primers, ") +
                                 std::to_string(f.filtered) + " kept by the filter");
    require_reads(sample, f, f.filtered, "the length and N filter");
    return f;
}

namespace {

// Seeds with their clusters' totals and per-sample counts: the chimera step's input (FROGS runs
// uchime per sample on the seeds with the sample's cluster counts as abundances).
void write_chimera_inputs(const ClusterStage& stage, const RunWorkDir& dir) {
    std::string fasta, table = "#id";
    for (const std::string& s : stage.table.samples) table.append("\t").append(s);
    table.push_back('\n');
    for (const OtuRow& row : stage.table.rows) {
        core::append_fasta(fasta, row.seed_id + ";size=" + std::to_string(row.total), row.seed_sequence, 0);
        table.append(row.seed_id);
        for (std::uint64_t n : row.counts) table.append("\t").append(std::to_string(n));
        table.push_back('\n');
    }
    core::write_file_atomically(dir.work("seeds_all.fasta"), fasta, {.sync = false});
    core::write_file_atomically(dir.work("cluster_counts.tsv"), table, {.sync = false});
}

void read_seeds_and_lengths(ClusterStage& stage, const std::string& derep_fasta) {
    std::unordered_map<std::string, std::size_t> seed_row;
    for (std::size_t i = 0; i < stage.table.rows.size(); ++i) seed_row.emplace(stage.table.rows[i].seed_id, i);
    for_each_record(derep_fasta, [&](std::string_view name, std::string_view seq) {
        const std::string id = amplicon_id(name.substr(0, name.find_first_of(" \t")));
        const auto row = stage.counts.row_of.find(id);
        if (row == stage.counts.row_of.end()) throw_input_error(derep_fasta + ": '" + id + "' is not in the count table");
        add_length(stage.read_lengths, seq.size(), stage.counts.row_total(row->second));
        if (const auto seed = seed_row.find(id); seed != seed_row.end()) stage.table.rows[seed->second].seed_sequence = seq;
    });
}

}  // namespace

namespace {

void run_swarm_step(const RunOptions& o, const RunPlan& plan, const std::string& derep, const std::string& out) {
    ClusterOptions c;
    c.input = derep;
    c.differences = o.differences;
    c.fastidious = plan.fastidious;
    c.usearch_abundance = true;
    c.output = out;
    c.threads = o.threads;
    const ClusterSummary cs = run_cluster(c);
    core::log_info(k_module, "cluster: swarm -d " + std::to_string(o.differences) + (plan.fastidious ? " -f" : "") + ": " +
                                 std::to_string(cs.swarms) + " clusters (" + std::to_string(cs.grafts) + " grafts)");
}

void run_denoise_step(const RunOptions& o, const std::string& derep, const std::string& out) {
    DenoiseOptions dn;
    dn.input = derep;
    dn.uc = out;
    dn.alpha = o.unoise_alpha;
    dn.minsize = o.minsize;
    dn.threads = o.threads;
    dn.progress = o.progress;
    const DenoiseSummary s = run_denoise(dn);
    core::log_info(k_module, "denoise: UNOISE3 alpha " + std::to_string(o.unoise_alpha) + ", minsize " +
                                 std::to_string(o.minsize) + ": " + std::to_string(s.asvs) + " ASVs (" +
                                 std::to_string(s.abundance) + " reads)");
}

}  // namespace

std::string clusters_path(const RunOptions& o, const RunWorkDir& dir) {
    return dir.work(o.denoise ? "asv.uc" : "swarms.txt");
}

ClusterStage run_cluster_steps(const RunOptions& o, const RunPlan& plan, const RunWorkDir& dir) {
    DerepOptions d;
    for (std::size_t i = 0; i < o.samples.size(); ++i) d.samples.push_back({o.samples[i].name, dir.work(sample_file(i, "filtered.fasta"))});
    d.fasta_out = dir.work("derep.fasta");
    d.counts_out = dir.work("derep_counts.tsv");
    d.relabel_sha1 = true;
    d.threads = o.threads;
    const DerepSummary ds = run_derep(d);
    core::log_info(k_module, "derep: " + std::to_string(ds.reads) + " reads, " + std::to_string(ds.uniques) + " uniques");

    const std::string clusters = clusters_path(o, dir);
    if (o.denoise) {
        run_denoise_step(o, d.fasta_out, clusters);
    } else {
        run_swarm_step(o, plan, d.fasta_out, clusters);
    }

    ClusterStage stage;
    stage.counts = read_count_table(d.counts_out);
    stage.table = aggregate_clusters(read_clusters(clusters), stage.counts, clusters, d.counts_out,
                                     o.denoise ? "ASV" : "Cluster");
    read_seeds_and_lengths(stage, d.fasta_out);
    stage.reads = ds.reads;
    stage.uniques = ds.uniques;
    write_chimera_inputs(stage, dir);
    return stage;
}

std::uint64_t run_chimera_step(const RunOptions& o, const ClusterStage& stage, const RunWorkDir& dir) {
    ChimeraOptions ch;
    ch.input = dir.work("seeds_all.fasta");
    ch.counts = dir.work("cluster_counts.tsv");
    ch.counts_out = dir.work("nonchimeric_counts.tsv");
    ch.uchimeout = dir.work("chimera.uchime");
    ch.lenient = o.chimera == ChimeraRule::lenient;
    ch.fasta_width = 0;
    ch.threads = o.threads;
    ch.progress = o.progress;
    const ChimeraSummary s = run_chimera(ch);
    std::unordered_set<std::string> kept;
    for (std::string& id : read_count_table(ch.counts_out).ids) kept.insert(std::move(id));
    std::string list;
    std::uint64_t removed = 0;
    for (const OtuRow& row : stage.table.rows) {
        if (kept.count(row.seed_id) != 0) continue;
        list.append(row.seed_id).append("\tchimera\n");
        ++removed;
    }
    if (removed != s.removed) throw Error(ErrorCode::Internal, "chimera: " + std::to_string(s.removed) + " removed but " + std::to_string(removed) + " missing from " + ch.counts_out);
    core::write_file_atomically(dir.work("chimeras.tsv"), list, {.sync = false});
    core::log_info(k_module, std::string("chimera (") + (ch.lenient ? "lenient" : "strict") + "): " + std::to_string(removed) +
                                 " of " + std::to_string(s.sequences) + " clusters removed (" +
                                 std::to_string(s.removed_abundance) + " reads)");
    return removed;
}

void run_table_step(const RunOptions& o, const RunWorkDir& dir) {
    TableOptions t;
    t.clusters = clusters_path(o, dir);
    t.row_prefix = o.denoise ? "ASV" : "Cluster";
    t.fasta = dir.work("derep.fasta");
    t.counts = dir.work("derep_counts.tsv");
    if (o.chimera != ChimeraRule::none) t.exclude.push_back(dir.work("chimeras.tsv"));
    t.filters = o.filters;
    t.biom_out = dir.staged("abundance.biom");
    t.tsv_out = dir.staged("abundance.tsv");
    t.seeds_out = dir.staged("seeds.fasta");
    t.composition_out = dir.staged("composition.tsv");
    t.excluded_out = dir.staged("excluded.tsv");
    t.date = o.date;
    t.command_line = o.command_line;
    t.progress = o.progress;
    const TableSummary s = run_table(t);
    core::log_info(k_module, "table: " + std::to_string(s.kept) + " of " + std::to_string(s.clusters) + " clusters kept, " +
                                 std::to_string(s.kept_reads) + " of " + std::to_string(s.reads) + " reads");
}

}  // namespace plateau::amplicon
