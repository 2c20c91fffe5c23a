// OutputFile: writes to a temporary name next to the destination and renames it into place on
// commit(), so an interrupted or failed run never leaves a file that looks complete.
// GzipCompressor: compresses a block into one gzip member (libdeflate); members concatenate into
// a valid multi-member gzip file, so worker threads can compress blocks in parallel.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct libdeflate_compressor;

namespace plateau::core {

[[nodiscard]] bool is_gzip_path(std::string_view path);

class OutputFile {
public:
    explicit OutputFile(std::string path);  // "-" writes to stdout
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();  // removes the temporary file unless commit() succeeded

    void write(std::string_view bytes);  // throws plateau::Error on a failed or short write
    void commit();                       // flushes, closes and renames to the final name
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::uint64_t bytes_written() const { return m_bytes_written; }

private:
    std::string m_path;
    std::string m_temp_path;
    int m_fd = -1;
    bool m_committed = false;
    std::uint64_t m_bytes_written = 0;
};

class GzipCompressor {
public:
    explicit GzipCompressor(int level);
    ~GzipCompressor();
    GzipCompressor(const GzipCompressor&) = delete;
    GzipCompressor& operator=(const GzipCompressor&) = delete;
    // Appends one complete gzip member holding `input` to `output`.
    void compress_append(std::string_view input, std::string& output);

private:
    libdeflate_compressor* m_compressor;
};

}  // namespace plateau::core
