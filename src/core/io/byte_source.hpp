// Byte sources: raw bytes from a file or stdin (through htslib's hFILE), and a gzip/BGZF
// decompressor (ISA-L) layered on top. Used by the FASTX text parser.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace plateau::core {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Fills up to `capacity` bytes; returns 0 only at the end of input. Throws plateau::Error.
    virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
    [[nodiscard]] const std::string& path() const { return m_path; }

protected:
    explicit ByteSource(std::string path) : m_path(std::move(path)) {}

private:
    std::string m_path;
};

// Wraps a multi-member gzip stream (plain gzip, BGZF, pigz output) around `compressed`.
// Throws on corrupt data and on truncation (input ends inside a member).
[[nodiscard]] std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed);

}  // namespace plateau::core
