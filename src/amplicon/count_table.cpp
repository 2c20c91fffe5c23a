#include "amplicon/count_table.hpp"

#include "core/error.hpp"

#include <fstream>

namespace plateau::amplicon {

std::uint64_t CountTable::row_total(std::size_t row) const {
    std::uint64_t total = 0;
    for (std::size_t s = 0; s < samples.size(); ++s) total += count(row, s);
    return total;
}

namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) return fields;
        start = tab + 1;
    }
}

std::uint32_t parse_count(std::string_view text, const std::string& where) {
    std::uint64_t value = 0;
    if (text.empty()) throw_input_error(where + ": '' is not a count (empty column)");
    for (char c : text) {
        if (c < '0' || c > '9') throw_input_error(where + ": '" + std::string(text) + "' is not a count (a non-negative integer)");
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
        if (value > 0xffffffffULL) throw_input_error(where + ": '" + std::string(text) + "' is not a count (above 4294967295)");
    }
    return static_cast<std::uint32_t>(value);
}

// Position and length of a ";size=N" annotation (';' before it or the header start, ';' or the
// end after it), or npos.
std::pair<std::size_t, std::size_t> size_annotation(std::string_view h) {
    for (std::size_t pos = h.find("size="); pos != std::string_view::npos; pos = h.find("size=", pos + 1)) {
        if (pos > 0 && h[pos - 1] != ';') continue;
        std::size_t end = pos + 5;
        while (end < h.size() && h[end] >= '0' && h[end] <= '9') ++end;
        if (end == pos + 5 || (end < h.size() && h[end] != ';')) continue;
        return {pos, end - pos};
    }
    return {std::string_view::npos, 0};
}

// Position of the '_' of a trailing "_N" (1 to 20 digits), or npos.
std::size_t swarm_annotation(std::string_view h) {
    const std::size_t underscore = h.rfind('_');
    if (underscore == std::string_view::npos || underscore + 1 == h.size() || h.size() - underscore - 1 > 20) {
        return std::string_view::npos;
    }
    for (std::size_t i = underscore + 1; i < h.size(); ++i)
        if (h[i] < '0' || h[i] > '9') return std::string_view::npos;
    return underscore;
}

}  // namespace

std::string amplicon_id(std::string_view h) {
    if (const auto [pos, len] = size_annotation(h); pos != std::string_view::npos) {
        std::string out(h.substr(0, pos > 0 ? pos - 1 : 0));
        std::size_t end = pos + len;
        if (end < h.size()) ++end;  // the ';' after it
        if (pos > 0 && end < h.size()) out.push_back(';');
        return out.append(h.substr(end));
    }
    const std::size_t underscore = swarm_annotation(h);
    return std::string(underscore == std::string_view::npos ? h : h.substr(0, underscore));
}

std::uint64_t annotated_abundance(std::string_view h) {
    std::string_view digits;
    if (const auto [pos, len] = size_annotation(h); pos != std::string_view::npos) {
        digits = h.substr(pos + 5, len - 5);
    } else if (const std::size_t u = swarm_annotation(h); u != std::string_view::npos) {
        digits = h.substr(u + 1);
    }
    std::uint64_t value = 0;
    for (char c : digits) value = value * 10 + static_cast<std::uint64_t>(c - '0');
    return value;
}

CountTable read_count_table(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw_input_error(path + ": cannot open the count table");
    CountTable table;
    std::string line;
    if (!std::getline(in, line) || line.empty() || line[0] != '#') {
        throw_input_error(path + ": line 1: expected a header '#id<TAB>sample...' (derep --counts)");
    }
    if (line.back() == '\r') line.pop_back();
    const auto header = split_tabs(line);
    if (header.size() < 2) throw_input_error(path + ": line 1: the header names no sample");
    for (std::size_t i = 1; i < header.size(); ++i) {
        for (const std::string& earlier : table.samples) {
            if (earlier == header[i]) throw_input_error(path + ": line 1: duplicate sample name '" + earlier + "'");
        }
        table.samples.emplace_back(header[i]);
    }
    for (std::size_t n = 2; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::string where = path + ": line " + std::to_string(n);
        const auto fields = split_tabs(line);
        if (fields.size() != header.size()) {
            throw_input_error(where + ": " + std::to_string(fields.size()) + " columns, the header has " +
                              std::to_string(header.size()));
        }
        const auto row = static_cast<std::uint32_t>(table.ids.size());
        if (!table.row_of.emplace(std::string(fields[0]), row).second) {
            throw_input_error(where + ": duplicate identifier '" + std::string(fields[0]) + "'");
        }
        table.ids.emplace_back(fields[0]);
        table.lines.push_back(n);
        for (std::size_t i = 1; i < fields.size(); ++i) table.counts.push_back(parse_count(fields[i], where));
    }
    if (in.bad()) throw_io_error(path + ": read error");
    if (table.ids.empty()) throw_input_error(path + ": the count table has no rows");
    return table;
}

}  // namespace plateau::amplicon
