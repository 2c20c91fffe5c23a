// plateau-amplicon run: options check, the plan (merge overlap, filter window) and the chain of
// steps (run_steps.cpp) with the run report assembled from every step's counts.
#include "amplicon/run_api.hpp"
#include "amplicon/run_steps.hpp"
#include "amplicon/run_workdir.hpp"
#include "amplicon/table_report.hpp"

#include "amplicon/primers_api.hpp"
#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/log.hpp"
#include "core/read_batch.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace plateau::amplicon {

namespace {

constexpr const char* k_module = "amplicon";

std::string text(std::uint64_t n) { return std::to_string(n); }

void validate_samples(const RunOptions& o) {
    if (o.samples.empty()) throw_usage_error("run: --samples: the sheet names no sample");
    std::set<std::string> names;
    for (const PairedSample& s : o.samples) {
        if (s.name.empty() || s.read1.empty() || s.read2.empty()) throw_usage_error("run: every sample needs a name, R1 and R2");
        if (!names.insert(s.name).second) throw_usage_error("run: duplicate sample name '" + s.name + "'");
    }
}

std::uint64_t primer_length(const RunOptions& o) {
    if (o.without_primers) return 0;
    return parse_primer(o.five_prime, "--five-prime", true).sequence.size() +
           parse_primer(o.three_prime, "--three-prime", false).sequence.size();
}

// The longest of the first 1000 reads of a file (FROGS asks the user for the read sizes).
std::uint64_t longest_read(const std::string& path) {
    auto reader = core::SequenceReader::open(path);
    core::ReadBatch batch;
    std::uint64_t longest = 0, seen = 0;
    while (seen < 1000) {
        batch.clear();
        const std::size_t n = reader->read(batch, static_cast<std::size_t>(1000 - seen), 1U << 24);
        if (n == 0) break;
        for (std::size_t i = 0; i < n; ++i) longest = std::max<std::uint64_t>(longest, batch[i].seq.size());
        seen += n;
    }
    return longest;
}

}  // namespace

void validate(const RunOptions& o) {
    validate_samples(o);
    if (o.outdir.empty()) throw_usage_error("--outdir: required");
    if (o.without_primers && (!o.five_prime.empty() || !o.three_prime.empty()))
        throw_usage_error("--without-primers: not with --five-prime or --three-prime");
    if (!o.without_primers && (o.five_prime.empty() || o.three_prime.empty()))
        throw_usage_error("run: give --five-prime and --three-prime, or --without-primers");
    if (o.min_amplicon_size < 1 || o.max_amplicon_size < o.min_amplicon_size)
        throw_usage_error("--min-amplicon-size " + text(o.min_amplicon_size) + " / --max-amplicon-size " +
                          text(o.max_amplicon_size) + ": need 1 <= min <= max");
    const std::uint64_t primers = primer_length(o);
    if (o.min_amplicon_size <= primers)
        throw_usage_error("--min-amplicon-size " + text(o.min_amplicon_size) + ": must be longer than the primers (" +
                          text(primers) + " nt)");
    if ((o.read1_size == 0) != (o.read2_size == 0)) throw_usage_error("--read1-size and --read2-size go together");
    if (!(o.mismatch_rate >= 0 && o.mismatch_rate <= 1))
        throw_usage_error("--mismatch-rate " + std::to_string(o.mismatch_rate) + ": must be from 0 to 1");
    if (o.differences < 0 || o.differences > 255)
        throw_usage_error("--differences " + std::to_string(o.differences) + ": must be from 0 to 255");
    if (o.denoise && (!(o.unoise_alpha > 0.0) || o.minsize < 1))
        throw_usage_error("--unoise-alpha must be > 0 and --minsize >= 1");
    if (o.threads < 1 || o.threads > 256) throw_usage_error("--threads " + std::to_string(o.threads) + ": 1 to 256");
    const double fraction = o.filters.min_abundance_fraction;
    if (!(fraction >= 0 && fraction < 1))
        throw_usage_error("--min-abundance " + std::to_string(fraction) + ": a fraction must be in (0, 1)");
}

RunPlan plan_run(const RunOptions& o) {
    RunPlan p;
    p.read1_size = o.read1_size != 0 ? o.read1_size : longest_read(o.samples.front().read1);
    p.read2_size = o.read2_size != 0 ? o.read2_size : longest_read(o.samples.front().read2);
    const auto overlap = static_cast<std::int64_t>(p.read1_size + p.read2_size) - static_cast<std::int64_t>(o.max_amplicon_size);
    p.min_overlap = std::max<std::int64_t>(overlap, 10);
    p.primer_length = primer_length(o);
    p.min_length = o.min_amplicon_size - p.primer_length;
    p.max_length = o.max_amplicon_size - p.primer_length;
    p.fastidious = o.fastidious && o.differences == 1;
    return p;
}

namespace {

// The per-sample steps go first in the funnel; the table's "exclusion list" is the chimera step.
void complete_report(RunReport& r, const std::vector<SampleFunnel>& samples, bool primers, bool chimera) {
    std::vector<FunnelStep> steps = {{"input pairs", {}}, {"merged", {}}};
    if (primers) steps.push_back({"primers", {}});
    steps.push_back({"filter", {}});
    LengthDistribution merged{"merged reads", {}};
    for (const SampleFunnel& f : samples) {
        steps[0].reads.push_back(f.pairs);
        steps[1].reads.push_back(f.merged);
        if (primers) steps[2].reads.push_back(f.primers);
        steps.back().reads.push_back(f.filtered);
        if (merged.counts.size() < f.merged_lengths.size()) merged.counts.resize(f.merged_lengths.size(), 0);
        for (std::size_t l = 0; l < f.merged_lengths.size(); ++l) merged.counts[l] += f.merged_lengths[l];
    }
    for (FunnelStep& step : r.funnel) {
        if (chimera && step.name == "exclusion list") step.name = "non-chimeric";
    }
    r.funnel.insert(r.funnel.begin(), steps.begin(), steps.end());
    r.lengths.insert(r.lengths.begin(), std::move(merged));
}

const std::vector<std::string> k_outputs = {"abundance.biom", "abundance.tsv", "seeds.fasta", "composition.tsv",
                                            "excluded.tsv",   "report.json",   "report.html"};

}  // namespace

RunSummary run_pipeline(const RunOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    validate(o);
    const RunPlan plan = plan_run(o);
    core::log_info(k_module, "run: " + text(o.samples.size()) + " samples; reads " + text(plan.read1_size) + " + " +
                                 text(plan.read2_size) + " nt, merge --fastq_minovlen " + std::to_string(plan.min_overlap) +
                                 ", filter " + text(plan.min_length) + "-" + text(plan.max_length) + " nt");
    const RunWorkDir dir(o.outdir, o.keep_work);
    RunSummary summary;
    std::vector<SampleFunnel> funnels;
    for (std::size_t i = 0; i < o.samples.size(); ++i) {
        funnels.push_back(run_sample_steps(o, plan, i, dir));
        summary.pairs += funnels.back().pairs;
        summary.merged += funnels.back().merged;
        summary.filtered += funnels.back().filtered;
    }
    ClusterStage stage = run_cluster_steps(o, plan, dir);
    summary.uniques = stage.uniques;
    summary.clusters = stage.table.rows.size();
    const bool chimera = o.chimera != ChimeraRule::none;
    if (chimera) summary.chimeras = run_chimera_step(o, stage, dir);
    run_table_step(o, dir);

    if (chimera) apply_exclusion_file(stage.table, dir.work("chimeras.tsv"));
    apply_cluster_filters(stage.table, o.filters);
    RunReport report = table_run_report(stage.table, stage.counts, std::move(stage.read_lengths), chimera, 10);
    complete_report(report, funnels, !o.without_primers, chimera);
    for (const ReportCluster& c : report.clusters) {
        ++summary.kept_clusters;
        for (std::uint64_t n : c.counts) summary.kept_reads += n;
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string json = run_report_json(report, o.command_line, wall);
    core::write_file_atomically(dir.staged("report.json"), json, {.sync = false});
    core::write_file_atomically(dir.staged("report.html"), run_report_html(json), {.sync = false});
    dir.publish(k_outputs);
    return summary;
}

}  // namespace plateau::amplicon
