// What flows through the QC pipeline: a batch slot (input reads, formatted output blocks) and
// the per-worker totals that are merged at the end of the run.
#pragma once

#include "core/io/fastx_writer.hpp"
#include "core/read_batch.hpp"
#include "qc/fastqc_modules.hpp"
#include "qc/filter.hpp"
#include "qc/plan.hpp"
#include "qc/read_stats.hpp"
#include "qc/read_trimming.hpp"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace plateau::qc {

// One output stream's block for a batch: FASTQ text, gzip-compressed by the worker when the
// destination is a .gz file.
struct OutputBlock {
    std::string bytes;
};

enum OutputStream { out_read1, out_read2, out_unpaired1, out_unpaired2, out_failed, k_output_streams };

struct BatchSlot {
    core::ReadBatch read1, read2;
    std::array<OutputBlock, k_output_streams> outputs;
    std::vector<std::uint64_t> duplicate_keys;  // one per read (pair), in input order
};

struct ReadFileTotals {
    ReadStats before, removed, added;  // after = before - removed + added
    FastqcInput fastqc;                // GC and adapter hits of the raw reads (FastQC modules)
};

struct FilterCounts {
    std::array<std::int64_t, 25> reads{};  // indexed by FilterResult value
    void add(FilterResult r, std::int64_t n) { reads[static_cast<std::size_t>(r)] += n; }
};

struct WorkerTotals {
    ReadFileTotals read1, read2;
    FilterCounts filter;
    std::int64_t adapter_trimmed_reads = 0, adapter_trimmed_bases = 0;
    std::vector<std::int64_t> insert_sizes;  // [insert], last bin collects larger ones
    std::int64_t insert_unknown = 0;
    void merge(const WorkerTotals& other);
};

struct WorkerState {
    WorkerTotals totals;
    TrimScratch scratch;
    std::string text;  // FASTQ text before compression
    std::vector<std::unique_ptr<core::GzipCompressor>> compressors;
};

struct OutputFormat {
    std::array<bool, k_output_streams> wanted{};
    std::array<bool, k_output_streams> gzip{};
    int compression_level = 4;
};

void process_batch(const QcPlan& plan, const OutputFormat& format, BatchSlot& slot, WorkerState& worker);

}  // namespace plateau::qc
