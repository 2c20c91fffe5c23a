// Opening a sequence input: htslib detects the format from the content; FASTQ/FASTA text goes
// through our own parser (ISA-L inflate + memchr, measured faster than sam_read1 on FASTQ), and
// SAM/BAM/CRAM go through sam_read1.
#include "core/io/sequence_reader.hpp"

#include "core/error.hpp"
#include "core/io/byte_source.hpp"
#include "core/io/fastx_parser.hpp"
#include "core/io/hts_reader.hpp"

#include <htslib/hfile.h>
#include <htslib/hts.h>

#include <cerrno>
#include <cstring>

namespace plateau::core {
namespace {

struct HFileCloser {
    void operator()(hFILE* f) const {
        if (f) hclose_abruptly(f);
    }
};
using HFilePtr = std::unique_ptr<hFILE, HFileCloser>;

class HFileSource final : public ByteSource {
public:
    HFileSource(std::string path, HFilePtr file) : ByteSource(std::move(path)), m_file(std::move(file)) {}
    ~HFileSource() override {
        if (m_file && hclose(m_file.release()) != 0) {
            // nothing useful to do on a close error of an input
        }
    }
    std::size_t read(char* buffer, std::size_t capacity) override {
        ssize_t n = hread(m_file.get(), buffer, capacity);
        if (n < 0) throw_io_error(path() + ": read error: " + std::strerror(errno));
        return static_cast<std::size_t>(n);
    }

private:
    HFilePtr m_file;
};

std::string display_name(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }

// Peeks at the first non-blank decompressed byte to recognise FASTQ/FASTA that htslib's detector
// rejected because the first record is malformed (so that the parser can name the problem).
char first_text_char(hFILE* file, bool compressed) {
    char peek[4096];
    ssize_t n = hpeek(file, peek, sizeof peek);
    if (n <= 0) return '\0';
    if (compressed) return '\0';
    for (ssize_t i = 0; i < n; ++i)
        if (peek[i] != '\n' && peek[i] != '\r' && peek[i] != ' ') return peek[i];
    return '\0';
}

}  // namespace

const char* format_name(SequenceFormat format) {
    switch (format) {
    case SequenceFormat::fastq: return "FASTQ";
    case SequenceFormat::fasta: return "FASTA";
    case SequenceFormat::sam: return "SAM";
    case SequenceFormat::bam: return "BAM";
    case SequenceFormat::cram: return "CRAM";
    }
    return "?";
}

const char* encoding_name(QualityEncoding encoding) {
    switch (encoding) {
    case QualityEncoding::phred33: return "Phred+33";
    case QualityEncoding::phred64: return "Phred+64";
    case QualityEncoding::solexa64: return "Solexa+64";
    }
    return "?";
}

std::unique_ptr<SequenceReader> SequenceReader::open(const std::string& path, int hts_threads, QualityEncoding encoding,
                                                     SequenceLetters letters) {
    const std::string name = display_name(path);
    errno = 0;
    HFilePtr file(hopen(path.c_str(), "r"));
    if (!file) throw_io_error(name + ": cannot open: " + std::strerror(errno ? errno : ENOENT));

    char probe[1];
    ssize_t peeked = hpeek(file.get(), probe, 1);
    if (peeked < 0) throw_io_error(name + ": read error: " + std::strerror(errno));
    if (peeked == 0) throw_input_error(name + ": empty file (no reads)");

    htsFormat detected{};
    if (hts_detect_format2(file.get(), path.c_str(), &detected) < 0)
        throw_io_error(name + ": cannot read: " + std::strerror(errno));
    const bool compressed = detected.compression == gzip || detected.compression == bgzf;

    switch (detected.format) {
    case sam:
    case bam:
    case cram:
        if (encoding != QualityEncoding::phred33)
            throw_input_error(name + ": " + encoding_name(encoding) +
                              " qualities apply to FASTQ input; SAM/BAM/CRAM store Phred scores");
        return make_hts_reader(name, file.release(), detected, hts_threads);
    default:
        break;
    }

    SequenceFormat parsed_as = SequenceFormat::fastq;
    if (detected.format == fastq_format) {
        parsed_as = SequenceFormat::fastq;
    } else if (detected.format == fasta_format) {
        parsed_as = SequenceFormat::fasta;
    } else {
        char first = first_text_char(file.get(), compressed);
        if (first == '@') parsed_as = SequenceFormat::fastq;
        else if (first == '>') parsed_as = SequenceFormat::fasta;
        else if (compressed && detected.format == text_format)
            parsed_as = SequenceFormat::fastq;  // the parser reports what is wrong with record 1
        else
            throw_input_error(name + ": unrecognised format: not FASTQ, FASTA, SAM, BAM or CRAM" +
                              std::string(compressed ? " (inside gzip)" : ""));
    }
    std::unique_ptr<ByteSource> source = std::make_unique<HFileSource>(name, std::move(file));
    if (compressed) source = make_gzip_source(std::move(source));
    return std::make_unique<FastxParser>(std::move(source), parsed_as, encoding, letters);
}

}  // namespace plateau::core
