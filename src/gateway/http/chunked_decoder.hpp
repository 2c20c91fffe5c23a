// Strict decoder of the chunked transfer coding (RFC 9112 §7.1), free of I/O. Feeds on raw
// bytes, writes the decoded data, and refuses with HttpError 400 anything but a well-formed
// stream: sizes that are not 1 to 15 hex digits (so no sign, no overflow), missing CRLF after a
// chunk's data, oversized extensions or trailers. done() turns true only after the last chunk
// and its trailer section: a stream cut before that is never taken for a whole body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace plateau::gateway::http {

class ChunkedDecoder {
public:
    struct Step {
        std::size_t consumed = 0;  // bytes of `in` used
        std::size_t produced = 0;  // bytes written to `out`
    };
    // Decodes as much of `in` as fits into `out` (stops early when done()).
    [[nodiscard]] Step decode(std::string_view in, char* out, std::size_t out_capacity);
    [[nodiscard]] bool done() const noexcept { return m_state == State::done; }
    [[nodiscard]] std::uint64_t decoded_bytes() const noexcept { return m_decoded; }

private:
    enum class State { size, extension, size_lf, data, data_cr, data_lf, trailer, trailer_lf, done };
    void on_size_char(char c);
    void on_size_lf(char c);
    void on_trailer_char(char c);
    void end_size_line();

    State m_state = State::size;
    int m_size_digits = 0;
    std::uint64_t m_chunk_left = 0;
    bool m_in_extension = false;
    std::size_t m_line_bytes = 0;     // extension or trailer line so far (limits)
    std::size_t m_trailer_bytes = 0;
    bool m_trailer_line_empty = true;
    std::uint64_t m_decoded = 0;
};

}  // namespace plateau::gateway::http
