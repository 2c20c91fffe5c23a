// The ordered read -> decide -> write stream shared by primers and filter.
#include "amplicon/read_stream.hpp"

#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/pipeline.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

namespace plateau::amplicon {
namespace {

constexpr std::size_t k_batch_reads = 8192;
constexpr std::uint64_t k_batch_bases = 4 << 20;

constexpr std::array<char, 256> make_complement() {
    std::array<char, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = static_cast<char>(c);
    const char* from = "ACGTUMRWSYKVHDBNacgtumrwsykvhdbn";
    const char* to = "TGCAAKYWSRMBDHVNtgcaakywsrmbdhvn";
    for (int i = 0; from[i] != '\0'; ++i) t[static_cast<unsigned char>(from[i])] = to[i];
    return t;
}
constexpr std::array<char, 256> k_complement = make_complement();

struct Slot {
    core::ReadBatch batch;
    std::string bytes;
};

struct Worker {
    std::unique_ptr<core::GzipCompressor> compressor;
    std::string scratch;
};

void append_record(std::string& out, bool fasta, std::string_view name, std::string_view seq, std::string_view qual) {
    if (fasta && seq.empty()) {  // a read trimmed to nothing: an empty line, as cutadapt writes it
        out.append(">").append(name).append("\n\n");
    } else if (fasta) {
        core::append_fasta(out, name, seq);
    } else {
        core::append_fastq(out, name, seq, qual);
    }
}

// A slice with " rc" suffixes, reverse-complemented when s.reverse (--revcomp only).
void append_reversed(std::string& out, bool fasta, const core::ReadView& read, const ReadSlice& s) {
    std::string name(read.name), seq(read.seq.substr(s.begin, s.end - s.begin)), qual;
    for (int k = 0; k < s.rc_suffixes; ++k) name += " rc";
    if (!fasta) qual.assign(read.qual.substr(s.begin, s.end - s.begin));
    if (s.reverse) {
        reverse_complement(read.seq.substr(s.begin, s.end - s.begin), seq);
        std::reverse(qual.begin(), qual.end());
    }
    append_record(out, fasta, name, seq, qual);
}

void format_batch(bool fasta, const ReadDecision& decide, std::size_t w, Slot& slot) {
    slot.bytes.clear();
    for (std::size_t i = 0; i < slot.batch.size(); ++i) {
        const core::ReadView read = slot.batch[i];
        const ReadSlice s = decide(w, read, slot.batch.first_ordinal + i + 1);
        if (!s.keep) continue;
        if (s.reverse || s.rc_suffixes > 0) {
            append_reversed(slot.bytes, fasta, read, s);
            continue;
        }
        append_record(slot.bytes, fasta, read.name, read.seq.substr(s.begin, s.end - s.begin),
                      fasta ? std::string_view() : read.qual.substr(s.begin, s.end - s.begin));
    }
}

}  // namespace

void reverse_complement(std::string_view seq, std::string& out) {
    out.resize(seq.size());
    for (std::size_t i = 0; i < seq.size(); ++i) out[seq.size() - 1 - i] = k_complement[static_cast<unsigned char>(seq[i])];
}

bool stream_reads(const StreamSpec& spec, const ReadDecision& decide) {
    // Letters as written (lower case, '.'): cutadapt and vsearch --fastq_filter write them back so.
    auto reader = core::SequenceReader::open(spec.input, 0, core::QualityEncoding::phred33, core::SequenceLetters::keep);
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
