// Internal: FASTQ/FASTA text parser over a ByteSource.
#pragma once

#include "core/io/byte_source.hpp"
#include "core/io/sequence_reader.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace plateau::core {

class FastxParser final : public SequenceReader {
public:
    FastxParser(std::unique_ptr<ByteSource> source, SequenceFormat format);
    std::size_t read(ReadBatch& batch, std::size_t max_reads, std::uint64_t max_bases) override;

private:
    std::optional<std::string_view> next_line();
    bool read_fastq_record(ReadBatch& batch);
    bool read_fasta_record(ReadBatch& batch);
    [[noreturn]] void fail(const std::string& problem) const;
    void check_sequence(std::string_view seq) const;
    void check_quality(std::string_view qual) const;

    std::unique_ptr<ByteSource> m_source;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    std::uint64_t m_line = 0;
    std::string m_fasta_header;    // FASTA: header of the next record, already read
    std::string m_fasta_sequence;  // FASTA: reused buffer for multi-line sequences
    bool m_fasta_started = false;
    bool m_fasta_pending = false;
};

}  // namespace plateau::core
