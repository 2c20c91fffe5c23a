// MergeWriter: the outputs of a merge run (merged FASTQ/FASTA with FROGS' combined reads, the
// not-merged mates, --eetabbedout), labels as vsearch writes them, and the counts. It sees the
// pairs strictly in input order (the ordered consume stage), so ordinals in relabelled headers
// and the floating-point sums of the statistics do not depend on the thread count. Gzip outputs
// are compressed in 1 MB blocks (one gzip member each) on helper threads, up to `threads` blocks
// at a time per output, and written in order: block boundaries depend only on the input.
#pragma once

#include "amplicon/merge_api.hpp"
#include "amplicon/pair_merger.hpp"

#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "core/read_batch.hpp"

#include <array>
#include <deque>
#include <future>
#include <memory>
#include <string>

namespace plateau::amplicon {

class MergeWriter {
public:
    explicit MergeWriter(const MergeOptions& options);

    // Starts a sample: its label prefix and ";sample=" tag, and fresh counts and ordinals.
    void begin_sample(const PairedSample& sample);
    // Writes pair `i` of the batch (headers from the batches, results from `pair`).
    void add(std::string_view fwd_header, std::string_view rev_header, const MatePair& pair);
    // Flushes the buffers when they grow large (call after each batch).
    void flush(bool force = false);
    [[nodiscard]] const MergeCounts& sample_counts() const { return m_counts; }
    void commit();  // all outputs complete: rename into place

private:
    enum Stream { merged_fastq, merged_fasta, fwd_fastq, rev_fastq, fwd_fasta, rev_fasta, ee_table, k_streams };
    struct Output {
        std::unique_ptr<core::OutputFile> file;
        bool gzip = false;
        std::string buffer;
        std::deque<std::future<std::string>> compressing;  // gzip members, in output order
    };
    void write_block(Output& out, std::size_t keep_pending);
    void open(Stream s, const std::string& path);
    [[nodiscard]] bool wanted(Stream s) const { return m_out[s].file != nullptr; }
    std::string& label(std::string_view header, std::uint64_t ordinal, std::string_view suffix = {});
    void write_merged(std::string_view header, const MatePair& pair);
    void write_not_merged(std::string_view fwd_header, std::string_view rev_header, const MatePair& pair);
    void write_combined(std::string_view fwd_header, const MatePair& pair);

    const MergeOptions& m_options;
    std::array<Output, k_streams> m_out;
    std::string m_prefix, m_sample_tag, m_label, m_seq, m_qual;
    MergeCounts m_counts;
};

}  // namespace plateau::amplicon
