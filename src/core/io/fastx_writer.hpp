// Writing sequences: FASTQ/FASTA record formatting into a text block, and gzip compression of
// whole blocks into independent gzip members (libdeflate). Members concatenate into a valid
// multi-member gzip file, so each worker formats and compresses its own batch's block and the
// ordered write stage (core/pipeline.hpp) only appends bytes: output is the same at any thread
// count. Pair with OutputFile (core/io/output_file.hpp) for the file itself.
#pragma once

#include <string>
#include <string_view>

struct libdeflate_compressor;

namespace plateau::core {

/// Appends "@name[ tag]\nseq\n+\nqual\n" to `out`.
void append_fastq(std::string& out, std::string_view name, std::string_view seq, std::string_view qual,
                  std::string_view tag = {});

/// Appends ">name[ tag]\n" and the sequence, wrapped every `line_width` bases (0: one line).
void append_fasta(std::string& out, std::string_view name, std::string_view seq, std::size_t line_width = 0,
                  std::string_view tag = {});

class GzipCompressor {
public:
    explicit GzipCompressor(int level);  // 1-12 (libdeflate's levels); throws on others
    ~GzipCompressor();
    GzipCompressor(const GzipCompressor&) = delete;
    GzipCompressor& operator=(const GzipCompressor&) = delete;
    // Appends one complete gzip member holding `input` to `output`.
    void compress_append(std::string_view input, std::string& output);
    // Replaces `block` by one gzip member holding it; `scratch` is reused between calls.
    void compress_in_place(std::string& block, std::string& scratch);

private:
    libdeflate_compressor* m_compressor;
};

}  // namespace plateau::core
