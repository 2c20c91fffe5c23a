#include "amplicon/swarm_input.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_set>
#include <vector>

namespace plateau::amplicon {

namespace {

constexpr std::array<std::int8_t, 256> make_code_map() {
    std::array<std::int8_t, 256> m{};
    for (auto& v : m) v = -1;
    m['A'] = m['a'] = 0;
    m['C'] = m['c'] = 1;
    m['G'] = m['g'] = 2;
    m['T'] = m['t'] = m['U'] = m['u'] = 3;
    return m;
}
constexpr auto k_code = make_code_map();

std::uint64_t parse_digits(std::string_view digits) {
    std::uint64_t value = 0;
    for (char c : digits) value = value * 10 + static_cast<std::uint64_t>(c - '0');
    return value;
}

std::size_t count_digits(std::string_view s, std::size_t from) {
    std::size_t n = 0;
    while (from + n < s.size() && s[from + n] >= '0' && s[from + n] <= '9') ++n;
    return n;
}

std::string record_where(const std::string& name, std::uint64_t record, std::uint64_t line) {
    return name + ": record " + std::to_string(record) + " (line " + std::to_string(line) + ")";
}

struct Cursor {
    std::string_view text;
    std::size_t pos = 0;
    std::uint64_t line = 0;
    // The next line without its '\n'; false at the end.
    bool next(std::string_view& out) {
        if (pos >= text.size()) return false;
        const std::size_t end = text.find('\n', pos);
        const std::size_t stop = end == std::string_view::npos ? text.size() : end;
        out = text.substr(pos, stop - pos);
        pos = stop == text.size() ? stop : stop + 1;
        ++line;
        return true;
    }
    [[nodiscard]] bool at_header() const { return pos < text.size() && text[pos] == '>'; }
};

// The same interface over a file read in 1 MiB blocks; a returned line stays valid until the next call.
class FileCursor {
public:
    FileCursor(std::FILE* file, const std::string& path) : m_file(file), m_path(path) {}
    std::uint64_t line = 0;
    bool next(std::string_view& out) {
        std::size_t end = m_buffer.find('\n', m_pos);
        while (end == std::string::npos && refill()) end = m_buffer.find('\n', m_pos);
        if (m_pos >= m_buffer.size()) return false;
        const std::size_t stop = end == std::string::npos ? m_buffer.size() : end;
        out = std::string_view(m_buffer).substr(m_pos, stop - m_pos);
        m_pos = stop == m_buffer.size() ? stop : stop + 1;
        ++line;
        return true;
    }
    [[nodiscard]] bool at_header() {
        if (m_pos >= m_buffer.size()) refill();
        return m_pos < m_buffer.size() && m_buffer[m_pos] == '>';
    }

private:
    bool refill() {  // appends a block; false at the end of the file
        if (m_eof) return false;
        m_buffer.erase(0, m_pos);
        m_pos = 0;
        const std::size_t old = m_buffer.size();
        m_buffer.resize(old + (1U << 20));
        const std::size_t n = std::fread(m_buffer.data() + old, 1, 1U << 20, m_file);
        m_buffer.resize(old + n);
        if (std::ferror(m_file) != 0) throw_io_error(m_path + ": read error");
        if (n == 0) m_eof = true;
        if (!m_checked && m_buffer.size() >= 2) {
            m_checked = true;
            if (static_cast<unsigned char>(m_buffer[0]) == 0x1f && static_cast<unsigned char>(m_buffer[1]) == 0x8b) {
                throw_input_error(m_path + ": gzip input is not supported by cluster (as swarm 3.1.2); decompress it first");
            }
        }
        return n > 0;
    }
    std::FILE* m_file;
    const std::string& m_path;
    std::string m_buffer;
    std::size_t m_pos = 0;
    bool m_eof = false, m_checked = false;
};

void encode_line(std::string_view line, std::vector<std::uint8_t>& codes, const std::string& where) {
    for (char c : line) {
        const std::int8_t code = k_code[static_cast<unsigned char>(c)];
        if (code >= 0) {
            codes.push_back(static_cast<std::uint8_t>(code));
        } else if (c != '\r') {
            const auto u = static_cast<unsigned char>(c);
            throw_input_error(where + ": illegal character " +
                              (u >= 32 && u <= 126 ? "'" + std::string(1, c) + "'" : "(ascii " + std::to_string(u) + ")") +
                              " in sequence (swarm accepts only A, C, G, T and U)");
        }
    }
}

void annotate(AmpliconSet& set, std::size_t i, std::uint64_t record, const std::string& name, bool usearch_style,
              std::uint64_t& first_missing) {
    const std::string_view header = set.header(i);
    AmpliconInfo& info = set.info(i);
    const auto span = usearch_style ? find_usearch_abundance(header) : find_swarm_abundance(header);
    if (span && span->value == 0) {
        throw_input_error(record_where(name, record, info.line) + ": illegal abundance value in '" + std::string(header) +
                          "' (abundances are positive integers)");
    }
    if (span) {
        info.abundance = span->value;
        info.abundance_start = span->start;
        info.abundance_end = span->end;
    } else {
        info.abundance_start = info.abundance_end = info.header_len;
        if (first_missing == 0) first_missing = record;
    }
    if (info.abundance_start == 0 && info.abundance_end == info.header_len) {
        throw_input_error(record_where(name, record, info.line) + ": empty sequence identifier");
    }
}

std::string_view identifier(const AmpliconSet& set, std::size_t i) {
    const AmpliconInfo& info = set.info(i);
    const std::string_view h = set.header(i);
    return info.abundance_start > 0 ? h.substr(0, info.abundance_start) : h.substr(info.abundance_end);
}

}  // namespace

std::optional<AbundanceSpan> find_swarm_abundance(std::string_view header) {
    const std::size_t us = header.rfind('_');
    if (us == std::string_view::npos) return std::nullopt;
    const std::size_t digits = count_digits(header, us + 1);
    if (digits > 20 || us + 1 + digits != header.size()) return std::nullopt;
    return AbundanceSpan{static_cast<std::uint32_t>(us), static_cast<std::uint32_t>(header.size()),
                         parse_digits(header.substr(us + 1, digits))};
}

std::optional<AbundanceSpan> find_usearch_abundance(std::string_view header) {
    constexpr std::string_view key = "size=";
    std::size_t i = 0;
    while (i + key.size() < header.size()) {
        const std::size_t r = header.find(key, i);
        if (r == std::string_view::npos) break;
        i = r;
        if (i > 0 && header[i - 1] != ';') {
            i += key.size() + 1;
            continue;
        }
        const std::size_t digits = count_digits(header, i + key.size());
        if (digits == 0) {
            i += key.size() + 1;
            continue;
        }
        const std::size_t after = i + key.size() + digits;
        if (after < header.size() && header[after] != ';') {
            i = after + 2;
            continue;
        }
        return AbundanceSpan{static_cast<std::uint32_t>(i > 0 ? i - 1 : 0),
                             static_cast<std::uint32_t>(std::min(after + 1, header.size())),
                             parse_digits(header.substr(i + key.size(), digits))};
    }
    return std::nullopt;
}

namespace {
template <typename CursorT>
AmpliconSet parse_records(CursorT& cursor, const std::string& name, bool usearch_style) {
    AmpliconSet set;
    std::string_view line;
    std::string header;
    std::vector<std::uint8_t> codes;
    std::uint64_t record = 0;
    while (cursor.next(line)) {
        ++record;
        const std::uint64_t header_line = cursor.line;
        if (line.empty() || line[0] != '>') {
            throw_input_error(name + ": line " + std::to_string(header_line) + ": expected a FASTA header starting with '>'");
        }
        const std::size_t hlen = std::min(line.find_first_of(" \r", 1), line.size()) - 1;
        header.assign(line.substr(1, hlen));  // the cursor may move its buffer
        codes.clear();
        std::string_view seq_line;
        while (!cursor.at_header() && cursor.next(seq_line)) {
            encode_line(seq_line, codes, record_where(name, record, header_line) + ", line " + std::to_string(cursor.line));
        }
        if (codes.empty()) throw_input_error(record_where(name, record, header_line) + ": empty sequence");
        set.add(header, header_line, codes);
    }
    std::uint64_t first_missing = 0;
    std::unordered_set<std::string_view> ids;
    ids.reserve(set.size() * 2);
    for (std::size_t i = 0; i < set.size(); ++i) {
        annotate(set, i, i + 1, name, usearch_style, first_missing);
        if (!ids.insert(identifier(set, i)).second) {
            throw_input_error(record_where(name, i + 1, set.info(i).line) + ": duplicated sequence identifier '" +
                              std::string(identifier(set, i)) + "'");
        }
    }
    if (first_missing != 0) {
        throw_input_error(record_where(name, first_missing, set.info(first_missing - 1).line) +
                          ": abundance annotation not found in '" + std::string(set.header(first_missing - 1)) +
                          (usearch_style ? "' (expected ;size=INT)" : "' (expected _INT; use -z for ;size=INT)"));
    }
    if (set.size() == 0) throw_input_error(name + ": empty input (no sequences)");
    set.sort_by_abundance();
    return set;
}
}  // namespace

AmpliconSet parse_swarm_fasta(std::string_view text, const std::string& name, bool usearch_style) {
    Cursor cursor{text};
    return parse_records(cursor, name, usearch_style);
}

AmpliconSet read_swarm_fasta(const std::string& path, const std::string& name, bool usearch_style) {
    std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (file == nullptr) throw_io_error(name + ": cannot open: " + std::strerror(errno));
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> owner(file == stdin ? nullptr : file, &std::fclose);
    FileCursor cursor(file, name);
    return parse_records(cursor, name, usearch_style);
}


}  // namespace plateau::amplicon
