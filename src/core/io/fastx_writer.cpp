#include "core/io/fastx_writer.hpp"

#include "core/error.hpp"

#include <libdeflate.h>

#include <algorithm>

namespace plateau::core {
namespace {

char* put_header(char* p, char marker, std::string_view name, std::string_view tag) {
    *p++ = marker;
    p = std::copy(name.begin(), name.end(), p);
    if (!tag.empty()) {
        *p++ = ' ';
        p = std::copy(tag.begin(), tag.end(), p);
    }
    *p++ = '\n';
    return p;
}

}  // namespace

void append_fastq(std::string& out, std::string_view name, std::string_view seq, std::string_view qual,
                  std::string_view tag) {
    const std::size_t need = name.size() + tag.size() + seq.size() + qual.size() + 8;
    const std::size_t at = out.size();
    out.resize(at + need);
    char* p = put_header(out.data() + at, '@', name, tag);
    p = std::copy(seq.begin(), seq.end(), p);
    *p++ = '\n';
    *p++ = '+';
    *p++ = '\n';
    p = std::copy(qual.begin(), qual.end(), p);
    *p++ = '\n';
    out.resize(static_cast<std::size_t>(p - out.data()));
}

void append_fasta(std::string& out, std::string_view name, std::string_view seq, std::size_t line_width,
                  std::string_view tag) {
    const std::size_t width = line_width == 0 ? std::max<std::size_t>(seq.size(), 1) : line_width;
    const std::size_t need = name.size() + tag.size() + seq.size() + seq.size() / width + 4;
    const std::size_t at = out.size();
    out.resize(at + need);
    char* p = put_header(out.data() + at, '>', name, tag);
    for (std::size_t i = 0; i < seq.size(); i += width) {
        const std::string_view line = seq.substr(i, width);
        p = std::copy(line.begin(), line.end(), p);
        *p++ = '\n';
    }
    out.resize(static_cast<std::size_t>(p - out.data()));
}

GzipCompressor::GzipCompressor(int level) : m_compressor(libdeflate_alloc_compressor(level)) {
    if (!m_compressor) throw_usage_error("gzip compression level " + std::to_string(level) + " is not supported (1-12)");
}

GzipCompressor::~GzipCompressor() { libdeflate_free_compressor(m_compressor); }

void GzipCompressor::compress_append(std::string_view input, std::string& output) {
    const std::size_t bound = libdeflate_gzip_compress_bound(m_compressor, input.size());
    const std::size_t old = output.size();
    output.resize(old + bound);
    std::size_t n = libdeflate_gzip_compress(m_compressor, input.data(), input.size(), output.data() + old, bound);
    if (n == 0) throw Error(ErrorCode::Internal, "gzip compression failed");
    output.resize(old + n);
}

void GzipCompressor::compress_in_place(std::string& block, std::string& scratch) {
    scratch.clear();
    compress_append(block, scratch);
    std::swap(scratch, block);
}

}  // namespace plateau::core
