// The ordered read -> decide -> write stream shared by primers and filter.
#include "amplicon/read_stream.hpp"

#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/pipeline.hpp"

#include <memory>
#include <vector>

namespace plateau::amplicon {
namespace {

constexpr std::size_t k_batch_reads = 8192;
constexpr std::uint64_t k_batch_bases = 4 << 20;

struct Slot {
    core::ReadBatch batch;
    std::string bytes;
};

struct Worker {
    std::unique_ptr<core::GzipCompressor> compressor;
    std::string scratch;
};

void format_batch(bool fasta, const ReadDecision& decide, std::size_t w, Slot& slot) {
    slot.bytes.clear();
    for (std::size_t i = 0; i < slot.batch.size(); ++i) {
        const core::ReadView read = slot.batch[i];
        const ReadSlice s = decide(w, read, slot.batch.first_ordinal + i + 1);
        if (!s.keep) continue;
        const std::string_view seq = read.seq.substr(s.begin, s.end - s.begin);
        if (fasta && seq.empty()) {  // a read trimmed to nothing: an empty line, as cutadapt writes it
            slot.bytes.append(">").append(read.name).append("\n\n");
        } else if (fasta) {
            core::append_fasta(slot.bytes, read.name, seq);
        } else {
            core::append_fastq(slot.bytes, read.name, seq, read.qual.substr(s.begin, s.end - s.begin));
        }
    }
}

}  // namespace

bool stream_reads(const StreamSpec& spec, const ReadDecision& decide) {
    auto reader = core::SequenceReader::open(spec.input);
    const bool fastq = reader->format() == core::SequenceFormat::fastq;
    if (!fastq && !spec.fastq_only.empty())
        throw_input_error(spec.input + ": " + core::format_name(reader->format()) + " input has no base qualities; " +
                          spec.fastq_only + " needs FASTQ");
    const bool fasta_out = spec.fasta_out || !fastq;
    const bool gzip = core::is_gzip_path(spec.output);
    core::OutputFile out(spec.output, {.sync = false});
    std::vector<Worker> workers(static_cast<std::size_t>(spec.threads < 1 ? 1 : spec.threads));
    core::Progress progress(spec.progress, "reads");
    std::uint64_t records = 0, done = 0;

    core::PipelineStages<Slot> stages;
    stages.produce = [&](Slot& slot) {
        slot.batch.clear();
        slot.batch.first_ordinal = records;
        records += reader->read(slot.batch, k_batch_reads, k_batch_bases);
        return !slot.batch.empty();
    };
    stages.process = [&](std::size_t w, Slot& slot) {
        format_batch(fasta_out, decide, w, slot);
        if (!gzip || slot.bytes.empty()) return;
        Worker& worker = workers[w];
        if (!worker.compressor) worker.compressor = std::make_unique<core::GzipCompressor>(spec.compression);
        worker.compressor->compress_in_place(slot.bytes, worker.scratch);
    };
    stages.consume = [&](Slot& slot) {
        if (!slot.bytes.empty()) out.write(slot.bytes);
        done += slot.batch.size();
        progress.update(done);
    };
    core::run_ordered_pipeline(workers.size(), stages);
    progress.finish();
    if (gzip && out.bytes_written() == 0) {  // an empty but valid gzip file
        std::string empty;
        core::GzipCompressor(spec.compression).compress_append({}, empty);
        out.write(empty);
    }
    out.commit();
    return fastq;
}

}  // namespace plateau::amplicon
