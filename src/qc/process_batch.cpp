// The worker stage: statistics, trimming, filtering and output formatting for one batch.
#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "qc/batch.hpp"
#include "qc/duplication.hpp"
#include "qc/fastqc_read_scanner.hpp"

#include <algorithm>

namespace plateau::qc {
namespace {

using core::append_fastq;

void require_qualities(const core::ReadView& r, std::uint64_t ordinal, const char* which) {
    if (r.qual.size() != r.seq.size())
        throw_input_error(std::string(which) + " record " + std::to_string(ordinal + 1) +
                          ": no base qualities (plateau-qc needs FASTQ or SAM/BAM/CRAM with qualities)");
}

bool unchanged(const ReadSpan& span, std::size_t len) { return span.begin == 0 && span.length == static_cast<int>(len); }

// Keeps before/removed/added consistent so that after = before - removed + added.
void account(ReadFileTotals& totals, const core::ReadView& r, const ReadSpan& span, bool kept, int offset) {
    if (kept && unchanged(span, r.seq.size())) return;
    totals.removed.add(r.seq, r.qual, offset);
    if (kept) totals.added.add(r.seq.substr(span.begin, span.length), r.qual.substr(span.begin, span.length), offset);
}

// Statistics of a read as sequenced: fastp-style counts and FastQC's GC/adapter scan in one pass.
void count_raw_read(ReadFileTotals& totals, const core::ReadView& r, int offset, std::uint64_t ordinal,
                    const std::optional<int>& tile_field) {
    if (tile_field && fastqc_tile_sampled(ordinal)) totals.fastqc.tiles.add(r.name, r.qual, *tile_field);
    FastqcReadScanner scanner(r.seq.size());
    totals.before.add_scanning(r.seq, r.qual, offset, 1, [&](unsigned base, std::size_t i) { scanner.push(base, i); });
    scanner.finish(totals.fastqc);
}

std::string_view part(std::string_view s, const ReadSpan& span) { return s.substr(span.begin, span.length); }

void record_insert(WorkerTotals& t, const TrimmedPair& pair, int len2, int max_insert) {
    if (!pair.overlap.found) {
        ++t.insert_unknown;
        return;
    }
    if (t.insert_sizes.empty()) t.insert_sizes.assign(static_cast<std::size_t>(max_insert) + 1, 0);
    int insert = std::clamp(pair.overlap.insert_size(len2), 0, max_insert);
    ++t.insert_sizes[static_cast<std::size_t>(insert)];
}

void compress_blocks(const OutputFormat& format, BatchSlot& slot, WorkerState& worker) {
    if (worker.compressors.empty()) worker.compressors.resize(k_output_streams);
    for (int k = 0; k < k_output_streams; ++k) {
        if (!format.wanted[k] || !format.gzip[k] || slot.outputs[k].bytes.empty()) continue;
        auto& compressor = worker.compressors[k];
        if (!compressor) compressor = std::make_unique<core::GzipCompressor>(format.compression_level);
        compressor->compress_in_place(slot.outputs[k].bytes, worker.text);
    }
}

void process_single(const QcPlan& plan, const OutputFormat& format, BatchSlot& slot, WorkerState& worker) {
    WorkerTotals& t = worker.totals;
    const int offset = plan.phred_offset;
    for (std::size_t i = 0; i < slot.read1.size(); ++i) {
        const core::ReadView r = slot.read1[i];
        require_qualities(r, slot.read1.first_ordinal + i, "read");
        count_raw_read(t.read1, r, offset, slot.read1.first_ordinal + i, plan.tile_field1);
        const TrimmedRead trimmed = trim_single(r, plan);
        const FilterResult result = filter_read(part(r.seq, trimmed.span), part(r.qual, trimmed.span), plan.filter, offset);
        const bool kept = result == FilterResult::pass;
        account(t.read1, r, trimmed.span, kept, offset);
        t.filter.add(result, 1);
        if (trimmed.adapter_bases > 0) {
            ++t.adapter_trimmed_reads;
            t.adapter_trimmed_bases += trimmed.adapter_bases;
        }
        if (plan.evaluate_duplication) slot.duplicate_keys.push_back(sequence_hash(r.seq));
        if (kept && format.wanted[out_read1])
            append_fastq(slot.outputs[out_read1].bytes, r.name, part(r.seq, trimmed.span), part(r.qual, trimmed.span));
        else if (!kept && format.wanted[out_failed])
            append_fastq(slot.outputs[out_failed].bytes, r.name, r.seq, r.qual, std::string("failed=") + failure_name(result));
    }
}

void process_paired(const QcPlan& plan, const OutputFormat& format, BatchSlot& slot, WorkerState& worker) {
    WorkerTotals& t = worker.totals;
    const int offset = plan.phred_offset;
    for (std::size_t i = 0; i < slot.read1.size(); ++i) {
        const core::ReadView r1 = slot.read1[i], r2 = slot.read2[i];
        require_qualities(r1, slot.read1.first_ordinal + i, "read 1");
        require_qualities(r2, slot.read1.first_ordinal + i, "read 2");
        count_raw_read(t.read1, r1, offset, slot.read1.first_ordinal + i, plan.tile_field1);
        count_raw_read(t.read2, r2, offset, slot.read2.first_ordinal + i, plan.tile_field2);
        const TrimmedPair pair = trim_pair(r1, r2, plan, worker.scratch);
        const FilterResult f1 = filter_read(part(r1.seq, pair.read1.span), part(r1.qual, pair.read1.span), plan.filter, offset);
        const FilterResult f2 = filter_read(part(r2.seq, pair.read2.span), part(r2.qual, pair.read2.span), plan.filter, offset);
        const bool kept = f1 == FilterResult::pass && f2 == FilterResult::pass;
        account(t.read1, r1, pair.read1.span, kept, offset);
        account(t.read2, r2, pair.read2.span, kept, offset);
        t.filter.add(std::max(f1, f2), 2);
        for (const TrimmedRead* tr : {&pair.read1, &pair.read2}) {
            if (tr->adapter_bases == 0) continue;
            ++t.adapter_trimmed_reads;
            t.adapter_trimmed_bases += tr->adapter_bases;
        }
        record_insert(t, pair, static_cast<int>(r2.seq.size()), plan.insert_size_max);
        if (plan.evaluate_duplication) slot.duplicate_keys.push_back(sequence_hash(r2.seq, sequence_hash(r1.seq)));

        if (kept) {
            if (format.wanted[out_read1]) {
                append_fastq(slot.outputs[out_read1].bytes, r1.name, part(r1.seq, pair.read1.span), part(r1.qual, pair.read1.span));
                append_fastq(slot.outputs[out_read2].bytes, r2.name, part(r2.seq, pair.read2.span), part(r2.qual, pair.read2.span));
            }
            continue;
        }
        const bool pass1 = f1 == FilterResult::pass, pass2 = f2 == FilterResult::pass;
        if (pass1 && format.wanted[out_unpaired1])
            append_fastq(slot.outputs[out_unpaired1].bytes, r1.name, part(r1.seq, pair.read1.span), part(r1.qual, pair.read1.span));
        if (pass2 && format.wanted[out_unpaired2])
            append_fastq(slot.outputs[out_unpaired2].bytes, r2.name, part(r2.seq, pair.read2.span), part(r2.qual, pair.read2.span));
        if (format.wanted[out_failed]) {
            const std::string tag1 = std::string("failed=") + (pass1 ? "paired_read_is_failing" : failure_name(f1));
            const std::string tag2 = std::string("failed=") + (pass2 ? "paired_read_is_failing" : failure_name(f2));
            if (!(pass1 && format.wanted[out_unpaired1])) append_fastq(slot.outputs[out_failed].bytes, r1.name, r1.seq, r1.qual, tag1);
            if (!(pass2 && format.wanted[out_unpaired2])) append_fastq(slot.outputs[out_failed].bytes, r2.name, r2.seq, r2.qual, tag2);
        }
    }
}

}  // namespace

void WorkerTotals::merge(const WorkerTotals& o) {
    for (auto [mine, theirs] : {std::pair{&read1, &o.read1}, std::pair{&read2, &o.read2}}) {
        mine->before.merge(theirs->before);
        mine->removed.merge(theirs->removed);
        mine->added.merge(theirs->added);
        fastqc_merge_counts(mine->fastqc, theirs->fastqc);
    }
    for (std::size_t i = 0; i < filter.reads.size(); ++i) filter.reads[i] += o.filter.reads[i];
    adapter_trimmed_reads += o.adapter_trimmed_reads;
    adapter_trimmed_bases += o.adapter_trimmed_bases;
    if (insert_sizes.size() < o.insert_sizes.size()) insert_sizes.resize(o.insert_sizes.size(), 0);
    for (std::size_t i = 0; i < o.insert_sizes.size(); ++i) insert_sizes[i] += o.insert_sizes[i];
    insert_unknown += o.insert_unknown;
}

void process_batch(const QcPlan& plan, const OutputFormat& format, BatchSlot& slot, WorkerState& worker) {
    for (OutputBlock& block : slot.outputs) block.bytes.clear();
    slot.duplicate_keys.clear();
    if (plan.paired) process_paired(plan, format, slot, worker);
    else process_single(plan, format, slot, worker);
    compress_blocks(format, slot, worker);
}

}  // namespace plateau::qc
