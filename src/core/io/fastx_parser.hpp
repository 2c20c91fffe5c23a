// Internal: FASTQ/FASTA text parser over a ByteSource. FASTQ records may be line-wrapped
// (Cock et al. 2009): the sequence runs to the '+' line, the quality until it is as long as the
// sequence. Four-line records take the fast path (one line each) without extra work.
#pragma once

#include "core/io/byte_source.hpp"
#include "core/io/sequence_reader.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace plateau::core {

class FastxParser final : public SequenceReader {
public:
    FastxParser(std::unique_ptr<ByteSource> source, SequenceFormat format,
                QualityEncoding encoding = QualityEncoding::phred33,
                SequenceLetters letters = SequenceLetters::normalise);
    std::size_t read(ReadBatch& batch, std::size_t max_reads, std::uint64_t max_bases) override;

private:
    std::optional<std::string_view> next_line();
    bool read_fastq_record(ReadBatch& batch);
    bool read_fasta_record(ReadBatch& batch);
    std::string_view read_wrapped_sequence(ReadBatch& batch, std::string_view line, std::size_t& seq_len);
    void check_plus_line(const ReadBatch& batch, std::string_view repeated) const;
    void read_wrapped_quality(ReadBatch& batch, std::string_view first, std::size_t seq_len);
    void copy_quality(std::string_view line, char* dst, std::size_t done) const;
    [[noreturn]] void fail(const std::string& problem) const;
    void check_sequence(std::string_view seq) const;
    // Copies one sequence line to dst as m_letters says; throws on an invalid character.
    void copy_sequence_line(std::string_view line, char* dst) const;
    [[noreturn]] void check_quality(std::string_view qual, std::size_t done) const;

    std::unique_ptr<ByteSource> m_source;
    QualityEncoding m_encoding;
    SequenceLetters m_letters;
    std::array<char, 256> m_to_phred33{};  // input character -> Phred+33 character, 0 if invalid
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
