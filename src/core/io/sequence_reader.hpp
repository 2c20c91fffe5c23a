// SequenceReader: reads FASTQ/FASTA (plain, gzip, BGZF) and unaligned SAM/BAM/CRAM into ReadBatches.
// The format is detected by htslib from the content, never from the file name; "-" reads stdin.
#pragma once

#include "core/read_batch.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace plateau::core {

enum class SequenceFormat { fastq, fasta, sam, bam, cram };

[[nodiscard]] const char* format_name(SequenceFormat format);

// How FASTQ quality characters encode scores (Cock et al. 2009, NAR 38:1767). Readers always hand
// out Phred+33: Phred+64 (Illumina 1.3-1.7) is shifted, Solexa+64 (Solexa/Illumina < 1.3, scores
// -5..62) is converted to Phred with round(10*log10(10^(Q/10) + 1)). Characters outside the
// encoding's range ('!'..'~', '@'..'~', ';'..'~') are errors.
enum class QualityEncoding { phred33, phred64, solexa64 };

[[nodiscard]] const char* encoding_name(QualityEncoding encoding);

// What FASTQ/FASTA sequence letters become: `normalise` upper-cases them and turns '.' into 'N'
// (what most steps want); `keep` hands them out as written, lower case and '.' included, for tools
// that write reads back the way their peers do (cutadapt and vsearch --fastq_filter keep case).
// Either way only letters, '.', '-' and '*' are accepted. SAM/BAM/CRAM bases are always upper case.
enum class SequenceLetters { normalise, keep };

class SequenceReader {
public:
    // Throws plateau::Error naming the file when it cannot be opened or is not a sequence file.
    // `encoding` applies to FASTQ text; SAM/BAM/CRAM store Phred scores, so any other encoding
    // is refused for them.
    [[nodiscard]] static std::unique_ptr<SequenceReader> open(const std::string& path, int hts_threads = 0,
                                                              QualityEncoding encoding = QualityEncoding::phred33,
                                                              SequenceLetters letters = SequenceLetters::normalise);
    virtual ~SequenceReader() = default;

    // Appends reads to `batch` until `max_reads` reads or `max_bases` bases were added, or the input
    // ends. Returns the number appended (0 at the end of input). Throws on malformed records,
    // naming the file and the 1-based record number.
    virtual std::size_t read(ReadBatch& batch, std::size_t max_reads, std::uint64_t max_bases) = 0;

    [[nodiscard]] SequenceFormat format() const { return m_format; }
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::uint64_t records_read() const { return m_records_read; }

protected:
    SequenceReader(std::string path, SequenceFormat format) : m_path(std::move(path)), m_format(format) {}
    std::uint64_t m_records_read = 0;

private:
    std::string m_path;
    SequenceFormat m_format;
};

}  // namespace plateau::core
