#include "gateway/http/chunked_decoder.hpp"

#include "gateway/http_errors.hpp"

#include <algorithm>
#include <cstring>

namespace plateau::gateway::http {
namespace {

constexpr int k_max_size_digits = 15;         // < 2^60 bytes a chunk
constexpr std::size_t k_max_extension = 4096;  // bytes of chunk extensions on one size line
constexpr std::size_t k_max_trailer = 64 * 1024;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

[[noreturn]] void refuse(const std::string& what) { throw_http(400, "bad_chunked_body", "malformed chunked body: " + what); }

}  // namespace

void ChunkedDecoder::end_size_line() {
    if (m_size_digits == 0) refuse("chunk size without hex digits");
    m_size_digits = 0;
    m_line_bytes = 0;
    m_in_extension = false;
    m_state = m_chunk_left == 0 ? State::trailer : State::data;
}

void ChunkedDecoder::on_size_char(char c) {
    const int digit = hex_value(c);
    if (m_state == State::size && digit >= 0) {
        if (++m_size_digits > k_max_size_digits) refuse("chunk size of more than 15 hex digits");
        m_chunk_left = m_chunk_left * 16 + static_cast<std::uint64_t>(digit);
        return;
    }
    if (c == '\r') {
        m_state = State::size_lf;
    } else if (c == '\n') {
        end_size_line();
    } else if (m_state == State::size && c != ';' && c != ' ' && c != '\t') {
        refuse(std::string("unexpected character 0x") + "0123456789abcdef"[(c >> 4) & 15] + "0123456789abcdef"[c & 15] +
               " in a chunk size");
    } else {
        // After the digits: optional whitespace, then ';' and extensions (ignored) up to the line end.
        if (m_size_digits == 0) refuse("chunk size without hex digits");
        if (c == ';') m_in_extension = true;
        else if (!m_in_extension && c != ' ' && c != '\t') refuse("chunk size followed by something other than ';'");
        m_state = State::extension;
        if (++m_line_bytes > k_max_extension) refuse("chunk extension too long");
    }
}

void ChunkedDecoder::on_size_lf(char c) {
    if (c != '\n') refuse("CR not followed by LF after a chunk size");
    end_size_line();
}

void ChunkedDecoder::on_trailer_char(char c) {
    if (c == '\n') {
        if (m_trailer_line_empty) {
            m_state = State::done;
            return;
        }
        m_trailer_line_empty = true;
        m_state = State::trailer;
        return;
    }
    if (m_state == State::trailer_lf) refuse("CR not followed by LF in the trailer section");
    if (c == '\r') {
        m_state = State::trailer_lf;
        return;
    }
    m_trailer_line_empty = false;
    if (++m_trailer_bytes > k_max_trailer) refuse("trailer section too long");
}

ChunkedDecoder::Step ChunkedDecoder::decode(std::string_view in, char* out, std::size_t out_capacity) {
    Step step;
    while (step.consumed < in.size() && m_state != State::done) {
        if (m_state == State::data) {
            const std::size_t take = static_cast<std::size_t>(
                std::min<std::uint64_t>({m_chunk_left, in.size() - step.consumed, out_capacity - step.produced}));
            if (take == 0) break;  // `out` is full
            std::memcpy(out + step.produced, in.data() + step.consumed, take);
            step.consumed += take;
            step.produced += take;
            m_chunk_left -= take;
            m_decoded += take;
            if (m_chunk_left == 0) m_state = State::data_cr;
            continue;
        }
        const char c = in[step.consumed++];
        switch (m_state) {
        case State::size:
        case State::extension: on_size_char(c); break;
        case State::size_lf: on_size_lf(c); break;
        case State::data_cr:
            if (c == '\n') m_state = State::size;
            else if (c == '\r') m_state = State::data_lf;
            else refuse("chunk data longer than its size");
            break;
        case State::data_lf:
            if (c != '\n') refuse("CR not followed by LF after chunk data");
            m_state = State::size;
            break;
        case State::trailer:
        case State::trailer_lf: on_trailer_char(c); break;
        case State::data:
        case State::done: break;
        }
    }
    return step;
}

}  // namespace plateau::gateway::http
