#include "gateway/http/request_head.hpp"

#include "gateway/http_errors.hpp"
#include "gateway/text.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace plateau::gateway::http {
namespace {

bool is_tchar(unsigned char c) {
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); });
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// Splits a comma-separated field value list (RFC 9110 §5.6.1), trimming and dropping empties.
std::vector<std::string_view> list_elements(const std::vector<std::string_view>& values) {
    std::vector<std::string_view> out;
    for (std::string_view value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto comma = value.find(',', start);
            const auto element = trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
            if (!element.empty()) out.push_back(element);
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    }
    return out;
}

// A line without its terminator: LF, or CR LF. A CR anywhere else is refused (RFC 9112 §2.2).
std::string_view strip_line_end(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\r') != std::string_view::npos) throw_http(400, "malformed_request", "bare CR in the request head");
    return line;
}

void parse_request_line(std::string_view line, const HeadLimits& limits, RequestHead& head) {
    if (line.size() > limits.max_request_line)
        throw_http(414, "uri_too_long", "request line of " + std::to_string(line.size()) + " bytes exceeds the limit of " +
                                            std::to_string(limits.max_request_line));
    const auto first_space = line.find(' ');
    const auto last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space)
        throw_http(400, "malformed_request", "request line is not 'method target version'");
    head.method = std::string(line.substr(0, first_space));
    const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
    const std::string_view version = line.substr(last_space + 1);
    if (!is_token(head.method)) throw_http(400, "malformed_request", "request method is not a token");
    const bool target_ok = !target.empty() && std::none_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
    });
    if (!target_ok) throw_http(400, "malformed_request", "request target is empty or holds spaces or control characters");
    head.target = std::string(target);
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' || version[5] > '9' ||
        version[7] < '0' || version[7] > '9')
        throw_http(400, "malformed_request", "request line does not end in an HTTP version");
    if (version[5] != '1' || version[7] > '1') throw_http(505, "version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served");
    head.minor_version = version[7] - '0';
}

void parse_field_line(std::string_view line, RequestHead& head) {
    if (line.front() == ' ' || line.front() == '\t')
        throw_http(400, "malformed_request", "obsolete line folding in a header field");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) throw_http(400, "malformed_request", "header field line without a colon");
    const std::string_view name = line.substr(0, colon);
    if (!is_token(name)) throw_http(400, "malformed_request", "header field name is not a token (whitespace before the colon?)");
    const std::string_view value = trim(line.substr(colon + 1));
    const bool value_ok = std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
    if (!value_ok) throw_http(400, "malformed_request", "control character in header field '" + std::string(name) + "'");
    head.fields.emplace_back(std::string(name), std::string(value));
}

std::uint64_t parse_length(std::string_view text) {
    constexpr auto k_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw_http(400, "bad_content_length", "Content-Length '" + std::string(text) + "' is not a decimal number below 2^63");
    std::uint64_t value = 0;
    for (char c : text) value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > k_max)
        throw_http(400, "bad_content_length", "Content-Length '" + std::string(text) + "' is not a decimal number below 2^63");
    return value;
}

BodyFraming chunked_framing(const RequestHead& head, const std::vector<std::string_view>& codings) {
    if (head.minor_version == 0) throw_http(400, "bad_framing", "Transfer-Encoding is not allowed in an HTTP/1.0 request");
    if (!head.values("Content-Length").empty())
        throw_http(400, "bad_framing", "both Transfer-Encoding and Content-Length: the body's length is ambiguous");
    if (codings.empty() || lower(codings.back()) != "chunked")
        throw_http(400, "bad_framing", "Transfer-Encoding must end in chunked");
    if (codings.size() > 1) {
        const bool chunked_twice = std::any_of(codings.begin(), codings.end() - 1, [](std::string_view c) { return lower(c) == "chunked"; });
        if (chunked_twice) throw_http(400, "bad_framing", "chunked applied more than once");
        throw_http(501, "unsupported_transfer_coding", "only the chunked transfer coding is supported, not '" + std::string(codings.front()) + "'");
    }
    return {BodyFraming::Kind::chunked, 0};
}

}  // namespace

std::vector<std::string_view> RequestHead::values(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [field, value] : fields)
        if (iequals(field, name)) out.emplace_back(value);
    return out;
}

std::optional<std::size_t> find_head_end(std::string_view buffer, std::size_t scanned) {
    std::size_t at = scanned > 3 ? scanned - 3 : 0;
    while (true) {
        const auto lf = buffer.find('\n', at);
        if (lf == std::string_view::npos) return std::nullopt;
        if (lf + 1 < buffer.size() && buffer[lf + 1] == '\n') return lf + 2;
        if (lf + 2 < buffer.size() && buffer[lf + 1] == '\r' && buffer[lf + 2] == '\n') return lf + 3;
        at = lf + 1;
    }
}

void check_partial_head(std::string_view buffer, const HeadLimits& limits) {
    const auto lf = buffer.find('\n');
    if (lf == std::string_view::npos) {
        if (buffer.size() > limits.max_request_line + 1)
            throw_http(414, "uri_too_long", "request line exceeds the limit of " + std::to_string(limits.max_request_line) + " bytes");
        return;
    }
    if (buffer.size() - lf - 1 > limits.max_fields_bytes + 2)
        throw_http(431, "header_too_large", "header fields exceed the limit of " + std::to_string(limits.max_fields_bytes) + " bytes");
}

RequestHead parse_head(std::string_view head, const HeadLimits& limits) {
    RequestHead out;
    std::size_t start = 0;
    std::size_t fields_bytes = 0;
    bool first = true;
    while (start < head.size()) {
        const auto lf = head.find('\n', start);
        const std::string_view line = strip_line_end(head.substr(start, lf == std::string_view::npos ? std::string_view::npos : lf - start));
        start = lf == std::string_view::npos ? head.size() : lf + 1;
        if (first) {
            parse_request_line(line, limits, out);
            first = false;
            continue;
        }
        if (line.empty()) break;
        fields_bytes += line.size() + 2;
        if (line.size() > limits.max_field_line || fields_bytes > limits.max_fields_bytes || out.fields.size() >= limits.max_fields)
            throw_http(431, "header_too_large", "header fields exceed the limits (" + std::to_string(limits.max_field_line) +
                                                    " bytes a field, " + std::to_string(limits.max_fields_bytes) + " in all, " +
                                                    std::to_string(limits.max_fields) + " fields)");
        parse_field_line(line, out);
    }
    if (first) throw_http(400, "malformed_request", "empty request");
    const auto hosts = out.values("Host");
    if (hosts.size() > 1) throw_http(400, "malformed_request", "more than one Host header field");
    if (hosts.empty() && out.minor_version == 1) throw_http(400, "malformed_request", "HTTP/1.1 request without a Host header field");
    return out;
}

BodyFraming body_framing(const RequestHead& head) {
    const auto transfer_encoding = head.values("Transfer-Encoding");
    if (!transfer_encoding.empty()) return chunked_framing(head, list_elements(transfer_encoding));
    const auto lengths = list_elements(head.values("Content-Length"));
    if (lengths.empty()) {
        if (!head.values("Content-Length").empty()) throw_http(400, "bad_content_length", "empty Content-Length");
        return {};
    }
    const std::uint64_t length = parse_length(lengths.front());
    for (std::string_view other : lengths)
        if (parse_length(other) != length) throw_http(400, "bad_content_length", "Content-Length values differ");
    return {BodyFraming::Kind::length, length};
}

std::size_t leading_empty_lines(std::string_view buffer) {
    return std::min(buffer.size(), buffer.find_first_not_of("\r\n"));
}

std::optional<CompleteHead> complete_head(std::string_view buffer, const HeadLimits& limits, std::size_t scanned) {
    const auto end = find_head_end(buffer, scanned);
    if (!end) return std::nullopt;
    CompleteHead out{parse_head(buffer.substr(0, *end), limits), {}, *end};
    out.framing = body_framing(out.head);
    return out;
}

bool client_keeps_alive(const RequestHead& head) {
    const auto options = list_elements(head.values("Connection"));
    const auto has = [&](std::string_view word) {
        return std::any_of(options.begin(), options.end(), [&](std::string_view o) { return iequals(o, word); });
    };
    if (has("close")) return false;
    return head.minor_version >= 1 || has("keep-alive");
}

bool expects_continue(const RequestHead& head) {
    const auto expect = head.values("Expect");
    return std::any_of(expect.begin(), expect.end(), [](std::string_view v) { return iequals(trim(v), "100-continue"); });
}

}  // namespace plateau::gateway::http
