// Streams one sequence file through a per-read decision into one output file, on the ordered
// pipeline (core/pipeline.hpp): a reader thread, `threads` workers that decide, slice, format and
// gzip their batch, and the calling thread appending blocks in input order, so the output bytes
// are the same at any thread count. The output (core::OutputFile) appears only when the whole
// input was read without error. Sequence letters are read and written as they are (lower case
// and '.' kept, as cutadapt and vsearch --fastq_filter keep them).
#pragma once

#include "core/io/output_file.hpp"
#include "core/progress.hpp"
#include "core/read_batch.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct StreamSpec {
    std::string input, output;
    bool fasta_out = false;  // FASTA output even from FASTQ input
    int compression = 4;     // for a .gz output
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;
    std::string fastq_only;  // when set: FASTA input is an error, and this says which option needs FASTQ
};

// What a worker decided for one read: keep seq[begin, end) (and the same qualities), or drop it.
// With `reverse`, the slice is written reverse-complemented (qualities reversed) and the name
// gets " rc" `rc_suffixes` times (cutadapt --revcomp).
struct ReadSlice {
    bool keep = false;
    std::size_t begin = 0, end = 0;
    bool reverse = false;
    int rc_suffixes = 0;
};

// decide(worker, read, record): record is the 1-based record number in the input.
using ReadDecision = std::function<ReadSlice(std::size_t worker, const core::ReadView& read, std::uint64_t record)>;

// out = the reverse complement of seq: IUPAC complement as dnaio's, which cutadapt --revcomp uses
// (A-T, C-G, U-A, R-Y, K-M, S, W, B-V, D-H, N; other letters kept).
void reverse_complement(std::string_view seq, std::string& out);

// Returns true when the input was FASTQ.
bool stream_reads(const StreamSpec& spec, const ReadDecision& decide);

// The run of a streamed step (primers, filter): opens the JSON report first (an unwritable path
// fails before the work; none when json_out is empty), streams the reads with one Summary per
// worker, decide(counts, worker, read, record) counting into its worker's, then writes
// report(total, seconds) and returns the total (Summary += Summary).
template <class Summary, class Decide, class Report>
Summary stream_counted(const StreamSpec& spec, const std::string& json_out, const Decide& decide, const Report& report) {
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<core::OutputFile> json;
    if (!json_out.empty()) json = std::make_unique<core::OutputFile>(json_out, core::OutputOptions{.sync = false});
    std::vector<Summary> counts(static_cast<std::size_t>(spec.threads));
    stream_reads(spec, [&](std::size_t w, const core::ReadView& read, std::uint64_t record) {
        return decide(counts[w], w, read, record);
    });
    Summary total;
    for (const Summary& c : counts) total += c;
    if (json) {
        json->write(report(total, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
        json->commit();
    }
    return total;
}

}  // namespace plateau::amplicon
