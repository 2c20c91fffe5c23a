// Streaming multi-member gzip decompression with ISA-L (igzip), which fastp also uses.
#include "core/error.hpp"
#include "core/io/byte_source.hpp"

#include <isa-l/igzip_lib.h>

#include <vector>

namespace plateau::core {
namespace {

constexpr std::size_t k_input_chunk = 1 << 20;

class GzipSource final : public ByteSource {
public:
    explicit GzipSource(std::unique_ptr<ByteSource> compressed)
        : ByteSource(compressed->path()), m_compressed(std::move(compressed)), m_input(k_input_chunk) {
        isal_inflate_init(&m_state);
        m_state.crc_flag = ISAL_GZIP;
    }

    std::size_t read(char* buffer, std::size_t capacity) override {
        while (capacity > 0) {
            if (m_state.block_state == ISAL_BLOCK_FINISH && !start_next_member()) return 0;
            if (m_state.avail_in == 0 && !m_input_eof) refill();
            m_state.next_out = reinterpret_cast<std::uint8_t*>(buffer);
            m_state.avail_out = static_cast<std::uint32_t>(capacity > UINT32_MAX ? UINT32_MAX : capacity);
            int rc = isal_inflate(&m_state);
            if (rc < 0) fail(rc);
            auto produced = static_cast<std::size_t>(reinterpret_cast<char*>(m_state.next_out) - buffer);
            if (produced > 0) return produced;
            if (m_state.block_state == ISAL_BLOCK_FINISH) continue;
            if (m_state.avail_in == 0 && m_input_eof)
                throw_input_error(path() + ": truncated gzip data (the file ends inside a compressed member)");
        }
        return 0;
    }

private:
    void refill() {
        std::size_t n = m_compressed->read(reinterpret_cast<char*>(m_input.data()), m_input.size());
        if (n == 0) m_input_eof = true;
        m_state.next_in = m_input.data();
        m_state.avail_in = static_cast<std::uint32_t>(n);
    }

    // After a member ends, another may follow (pigz, BGZF, cat a.gz b.gz). Returns false at EOF.
    bool start_next_member() {
        if (m_state.avail_in == 0 && !m_input_eof) refill();
        if (m_state.avail_in == 0) return false;
        std::uint8_t* next_in = m_state.next_in;
        std::uint32_t avail_in = m_state.avail_in;
        isal_inflate_reset(&m_state);
        m_state.crc_flag = ISAL_GZIP;
        m_state.next_in = next_in;
        m_state.avail_in = avail_in;
        return true;
    }

    [[noreturn]] void fail(int rc) const {
        const char* what = "corrupt gzip data";
        if (rc == ISAL_INCORRECT_CHECKSUM) what = "gzip checksum mismatch (corrupt data)";
        else if (rc == ISAL_INVALID_WRAPPER) what = "invalid gzip header";
        else if (rc == ISAL_UNSUPPORTED_METHOD) what = "unsupported gzip compression method";
        throw_input_error(path() + ": " + what);
    }

    std::unique_ptr<ByteSource> m_compressed;
    std::vector<std::uint8_t> m_input;
    inflate_state m_state{};
    bool m_input_eof = false;
};

}  // namespace

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed) {
    return std::make_unique<GzipSource>(std::move(compressed));
}

}  // namespace plateau::core
