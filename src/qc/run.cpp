// Wires a QC run: open inputs, probe the first reads to build the plan, stream batches through
// the ordered pipeline, then merge the per-worker totals and write the reports.
#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/io/paired_reader.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/log.hpp"
#include "core/pipeline.hpp"
#include "core/progress.hpp"
#include "qc/api.hpp"
#include "qc/batch.hpp"
#include "qc/duplication.hpp"
#include "qc/fastqc_bridge.hpp"
#include "qc/fastqc_data_txt.hpp"
#include "qc/report_html.hpp"
#include "qc/report_json.hpp"

#include <chrono>
#include <filesystem>
#include <optional>

namespace plateau::qc {
namespace {

constexpr std::size_t k_batch_reads = 16384;
constexpr std::uint64_t k_batch_bases = 4 << 20;
constexpr std::size_t k_probe_reads = 65536;  // first batch, also used for adapter detection
// Reads and reports are written like fastp's: atomically renamed into place, without fsync.
constexpr core::OutputOptions k_stream_output{.sync = false, .mode = 0};

// Reads single-end or paired batches; the first (probe) batch is read before the pipeline starts.
class BatchSource {
public:
    explicit BatchSource(const QcOptions& o) : m_limit(o.reads_to_process) {
        auto first = core::SequenceReader::open(o.in1, 0, o.quality_encoding);
        reject_fasta(*first);
        if (o.interleaved_in) {
            m_pairs.emplace(std::move(first));
        } else if (!o.in2.empty()) {
            auto second = core::SequenceReader::open(o.in2, 0, o.quality_encoding);
            reject_fasta(*second);
            m_pairs.emplace(std::move(first), std::move(second));
        } else {
            m_single = std::move(first);
        }
    }

    bool next(BatchSlot& slot, std::size_t max_reads) {
        slot.read1.clear();
        slot.read2.clear();
        if (m_limit > 0) max_reads = static_cast<std::size_t>(std::min<std::uint64_t>(max_reads, m_limit - m_reads));
        if (max_reads == 0) return false;
        std::size_t n = m_pairs ? m_pairs->read(slot.read1, slot.read2, max_reads, k_batch_bases)
                                : m_single->read(slot.read1, max_reads, k_batch_bases);
        slot.read1.first_ordinal = slot.read2.first_ordinal = m_reads;
        m_reads += n;
        return n > 0;
    }

private:
    static void reject_fasta(const core::SequenceReader& reader) {
        if (reader.format() == core::SequenceFormat::fasta)
            throw_input_error(reader.path() + ": FASTA has no base qualities; plateau-qc needs FASTQ or SAM/BAM/CRAM");
    }
    std::unique_ptr<core::SequenceReader> m_single;
    std::optional<core::PairedReader> m_pairs;
    std::uint64_t m_reads = 0;
    std::uint64_t m_limit = 0;
};

struct Outputs {
    std::array<std::unique_ptr<core::OutputFile>, k_output_streams> files;
    OutputFormat format;
};

Outputs open_outputs(const QcOptions& o) {
    Outputs out;
    const std::array<const std::string*, k_output_streams> paths = {&o.out1, &o.out2, &o.unpaired1, &o.unpaired2, &o.failed_out};
    out.format.compression_level = o.compression;
    for (int k = 0; k < k_output_streams; ++k) {
        if (paths[k]->empty()) continue;
        out.files[k] = std::make_unique<core::OutputFile>(*paths[k], k_stream_output);
        out.format.wanted[k] = true;
        out.format.gzip[k] = core::is_gzip_path(*paths[k]);
    }
    // Paired output needs both streams formatted together.
    if (out.format.wanted[out_read1] && o.paired()) out.format.wanted[out_read2] = true;
    return out;
}

void log_plan(const QcPlan& plan) {
    core::log_info("qc", "adapters: " + plan.adapter_source +
                             (plan.read1.adapter.empty() ? std::string() : " (" + plan.read1.adapter.sequence() + ")") +
                             (plan.paired ? ", pair overlap analysis on" : "") + (plan.poly_g ? ", polyG trimming on" : ""));
}

// The JSON and HTML reports, opened before the reads are processed so that an unwritable path
// fails early.
class ReportFiles {
public:
    explicit ReportFiles(const QcOptions& o) {
        if (!o.json_path.empty()) m_json = std::make_unique<core::OutputFile>(o.json_path, k_stream_output);
        if (!o.html_path.empty()) m_html = std::make_unique<core::OutputFile>(o.html_path, k_stream_output);
    }
    void write(const nlohmann::json& report, const std::string& title) {
        if (m_json) {
            m_json->write(report.dump(1) + "\n");
            m_json->commit();
        }
        if (m_html) {
            m_html->write(render_html_report(report, title));
            m_html->commit();
        }
    }

private:
    std::unique_ptr<core::OutputFile> m_json, m_html;
};

// FastQC-format reports (--fastqc-dir), one folder per input file, opened before the reads are
// processed; interleaved input gets a folder per mate.
class FastqcFiles {
public:
    explicit FastqcFiles(const QcOptions& o) {
        if (o.fastqc_dir.empty()) return;
        if (o.interleaved_in) {
            const std::string stem = fastqc_folder_name(o.in1);
            const std::string base = stem.substr(0, stem.size() - 7);  // without "_fastqc"
            add(o.fastqc_dir, base + "_R1", base + "_R1_fastqc");
            add(o.fastqc_dir, base + "_R2", base + "_R2_fastqc");
            return;
        }
        add(o.fastqc_dir, fastqc_file_name(o.in1), fastqc_folder_name(o.in1));
        if (!o.in2.empty()) add(o.fastqc_dir, fastqc_file_name(o.in2), fastqc_folder_name(o.in2));
    }
    void write(std::size_t input, const std::vector<ModuleResult>& modules) {
        if (input >= m_files.size()) return;
        Files& f = m_files[input];
        f.data->write(fastqc_data_text(modules, f.filename));
        f.summary->write(fastqc_summary_text(modules, f.filename));
        f.data->commit();
        f.summary->commit();
    }

private:
    struct Files {
        std::string filename;
        std::unique_ptr<core::OutputFile> data, summary;
    };
    void add(const std::string& dir, std::string filename, const std::string& folder_name) {
        const std::filesystem::path folder = std::filesystem::path(dir) / folder_name;
        std::error_code ec;
        std::filesystem::create_directories(folder, ec);
        if (ec) throw_io_error(folder.string() + ": cannot create the folder: " + ec.message());
        m_files.push_back({std::move(filename), std::make_unique<core::OutputFile>((folder / "fastqc_data.txt").string(), k_stream_output),
                           std::make_unique<core::OutputFile>((folder / "summary.txt").string(), k_stream_output)});
    }
    std::vector<Files> m_files;
};

void write_reports(const QcOptions& options, const QcPlan& plan, const WorkerTotals& merged, const DuplicationCounter& duplication,
                   double wall, ReportFiles& reports, FastqcFiles& fastqc_files) {
    const auto fastqc1 = fastqc_results(merged.read1.before, merged.read1.fastqc, plan.contaminants);
    const auto fastqc2 =
        plan.paired ? fastqc_results(merged.read2.before, merged.read2.fastqc, plan.contaminants) : std::vector<ModuleResult>{};
    reports.write(build_json_report({options, plan, merged, duplication, fastqc1, fastqc2, wall}), options.report_title);
    fastqc_files.write(0, fastqc1);
    fastqc_files.write(1, fastqc2);
}

}  // namespace

QcSummary run(const QcOptions& options) {
    validate(options);
    const auto start = std::chrono::steady_clock::now();
    BatchSource source(options);

    BatchSlot probe;
    source.next(probe, k_probe_reads);
    const QcPlan plan = make_plan(options, probe.read1, probe.read2);
    log_plan(plan);

    Outputs outputs = open_outputs(options);
    ReportFiles reports(options);
    FastqcFiles fastqc_files(options);
    std::vector<WorkerState> workers(static_cast<std::size_t>(options.threads));
    DuplicationCounter duplication;
    FastqcSequenceTracker tracker1, tracker2;  // FastQC's duplication/overrepresented bookkeeping, in input order
    core::Progress progress(options.progress, plan.paired ? "pairs" : "reads");
    std::uint64_t reads_done = 0;
    bool probe_pending = !probe.read1.empty();

    core::PipelineStages<BatchSlot> stages;
    stages.produce = [&](BatchSlot& slot) {
        if (probe_pending) {
            std::swap(slot.read1, probe.read1);
            std::swap(slot.read2, probe.read2);
            probe_pending = false;
            return true;
        }
        return source.next(slot, k_batch_reads);
    };
    stages.process = [&](std::size_t w, BatchSlot& slot) { process_batch(plan, outputs.format, slot, workers[w]); };
    stages.consume = [&](BatchSlot& slot) {
        for (int k = 0; k < k_output_streams; ++k)
            if (outputs.files[k] && !slot.outputs[k].bytes.empty()) outputs.files[k]->write(slot.outputs[k].bytes);
        for (std::uint64_t key : slot.duplicate_keys) duplication.add(key);
        for (std::size_t i = 0; i < slot.read1.size(); ++i) tracker1.add(slot.read1[i].seq);
        for (std::size_t i = 0; i < slot.read2.size(); ++i) tracker2.add(slot.read2[i].seq);
        reads_done += slot.read1.size();
        progress.update(reads_done);
    };
    core::run_ordered_pipeline(workers.size(), stages);
    progress.finish();

    WorkerTotals merged;
    for (const WorkerState& w : workers) merged.merge(w.totals);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    for (auto& file : outputs.files)
        if (file) file->commit();
    merged.read1.fastqc.sequences = std::move(tracker1);
    merged.read2.fastqc.sequences = std::move(tracker2);
    write_reports(options, plan, merged, duplication, wall, reports, fastqc_files);

    QcSummary summary;
    summary.reads_in = reads_done * (plan.paired ? 2 : 1);
    summary.reads_passed = static_cast<std::uint64_t>(merged.filter.reads[0]);
    summary.wall_seconds = wall;
    return summary;
}

}  // namespace plateau::qc
