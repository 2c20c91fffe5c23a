#include "gateway/datasets/tus_headers.hpp"

#include "gateway/http_errors.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <array>

namespace plateau::gateway {
namespace {

constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
    const auto at = k_alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string base64_decode(std::string_view text, bool& ok) {
    ok = false;
    if (text.size() % 4 != 0) return {};
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::array<int, 4> v{};
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + static_cast<std::size_t>(k)];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++pad;
                v[static_cast<std::size_t>(k)] = 0;
                continue;
            }
            if (pad > 0) return {};  // data after '='
            v[static_cast<std::size_t>(k)] = base64_value(c);
            if (v[static_cast<std::size_t>(k)] < 0) return {};
        }
        const std::uint32_t n = static_cast<std::uint32_t>(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
        out.push_back(static_cast<char>(n >> 16));
        if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
        if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
    }
    ok = true;
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k)
            v = v << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
        for (std::size_t k = 0; k < 4; ++k)
            out.push_back(k <= n ? k_alphabet[(v >> (18 - 6 * k)) & 63] : '=');
    }
    return out;
}

std::uint64_t parse_tus_number(std::string_view name, std::string_view value) {
    if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string_view::npos)
        throw_http(400, "bad_header", std::string(name) + " must be a non-negative decimal number, not '" +
                                          std::string(value.substr(0, 40)) + "'");
    std::uint64_t n = 0;
    for (char c : value) n = n * 10 + static_cast<std::uint64_t>(c - '0');
    return n;
}

std::vector<std::pair<std::string, std::string>> parse_upload_metadata(std::string_view header) {
    std::vector<std::pair<std::string, std::string>> out;
    if (trim(header).empty()) return out;
    while (true) {
        const auto comma = header.find(',');
        const std::string_view item = trim(header.substr(0, comma));
        const auto space = item.find(' ');
        const std::string_view key = item.substr(0, space);
        const std::string_view value = space == std::string_view::npos ? std::string_view{} : trim(item.substr(space + 1));
        if (key.empty() || value.find(' ') != std::string_view::npos)
            throw_http(400, "bad_header", "Upload-Metadata: '" + std::string(item.substr(0, 80)) + "' is not 'key base64'");
        bool ok = true;
        std::string decoded = value.empty() ? std::string{} : base64_decode(value, ok);
        if (!ok) throw_http(400, "bad_header", "Upload-Metadata: the value of '" + std::string(key) + "' is not base64");
        for (const auto& [k, v] : out)
            if (k == key) throw_http(400, "bad_header", "Upload-Metadata: key '" + std::string(key) + "' is repeated");
        out.emplace_back(std::string(key), std::move(decoded));
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return out;
}

std::string metadata_name(const std::vector<std::pair<std::string, std::string>>& metadata) {
    for (const char* key : {"filename", "name"})
        for (const auto& [k, v] : metadata)
            if (k == key && !v.empty()) return v;
    return {};
}

UploadChecksum parse_upload_checksum(std::string_view header) {
    header = trim(header);
    const auto space = header.find(' ');
    if (space == std::string_view::npos) throw_http(400, "bad_header", "Upload-Checksum must be 'algorithm base64digest'");
    UploadChecksum out;
    out.algorithm = std::string(header.substr(0, space));
    if (out.algorithm != "sha1" && out.algorithm != "sha256")
        throw_http(400, "bad_checksum_algorithm",
                   "Upload-Checksum algorithm '" + out.algorithm + "' is not supported (" + std::string(k_tus_checksums) + ")");
    bool ok = false;
    out.digest = base64_decode(trim(header.substr(space + 1)), ok);
    const std::size_t want = out.algorithm == "sha1" ? 20 : 32;
    if (!ok || out.digest.size() != want)
        throw_http(400, "bad_header", "Upload-Checksum: the digest is not the base64 of a " + out.algorithm + " digest");
    return out;
}

UploadConcat parse_upload_concat(std::string_view header) {
    header = trim(header);
    UploadConcat out;
    if (header == "partial") {
        out.kind = UploadConcat::Kind::partial;
        return out;
    }
    if (!header.starts_with("final;")) throw_http(400, "bad_header", "Upload-Concat must be 'partial' or 'final;<urls>'");
    out.kind = UploadConcat::Kind::final;
    std::string_view rest = header.substr(6);
    while (!(rest = trim(rest)).empty()) {
        const auto space = rest.find(' ');
        std::string_view url = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
        while (url.ends_with('/')) url.remove_suffix(1);
        const auto slash = url.rfind('/');
        const std::string_view id = slash == std::string_view::npos ? std::string_view{} : url.substr(slash + 1);
        if (id.empty() || !url.substr(0, slash).ends_with("/uploads"))
            throw_http(400, "bad_header", "Upload-Concat: '" + std::string(url.substr(0, 200)) + "' is not an upload URL");
        out.parts.emplace_back(id);
    }
    if (out.parts.empty()) throw_http(400, "bad_header", "Upload-Concat: a final upload names no partial uploads");
    return out;
}

std::string http_date(std::int64_t epoch_ms) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(epoch_ms) * 1000),
                                           Poco::DateTimeFormat::HTTP_FORMAT);
}

}  // namespace plateau::gateway
