// PAF parsing (paf.hpp).
#include "assembly/paf.hpp"

#include "core/error.hpp"

#include <charconv>
#include <vector>

namespace plateau::assembly {

namespace {

std::uint64_t to_number(std::string_view field, const std::string& where) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (ec != std::errc() || end != field.data() + field.size())
        throw_input_error(where + ": '" + std::string(field) + "' is not a number");
    return v;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == '\t') {
            fields.push_back(line.substr(start, i - start));
            start = i + 1;
        }
    }
    return fields;
}

}  // namespace

void count_cs_differences(std::string_view cs, std::uint64_t& mismatches, std::uint64_t& indels) {
    for (std::size_t i = 0; i < cs.size(); ++i) {
        const char c = cs[i];
        if (c == '*') {
            const bool has_n = i + 2 < cs.size() && (cs[i + 1] == 'n' || cs[i + 2] == 'n' || cs[i + 1] == 'N' ||
                                                         cs[i + 2] == 'N');
            if (!has_n) ++mismatches;
            i += 2;
        } else if (c == '+' || c == '-') {
            ++indels;
        }
    }
}

Alignment parse_paf_line(std::string_view line, const std::string& where) {
    const std::vector<std::string_view> f = split_tabs(line);
    if (f.size() < 12) throw_input_error(where + ": a PAF line has at least 12 tab-separated fields");
    Alignment a;
    a.query = std::string(f[0]);
    a.query_length = to_number(f[1], where);
    a.query_start = to_number(f[2], where);
    a.query_end = to_number(f[3], where);
    if (f[4] != "+" && f[4] != "-") throw_input_error(where + ": strand '" + std::string(f[4]) + "' is not + or -");
    a.reverse = f[4] == "-";
    a.target = std::string(f[5]);
    a.target_length = to_number(f[6], where);
    a.target_start = to_number(f[7], where);
    a.target_end = to_number(f[8], where);
    a.matches = to_number(f[9], where);
    a.block_length = to_number(f[10], where);
    if (a.query_end < a.query_start || a.target_end < a.target_start || a.query_end > a.query_length ||
        a.target_end > a.target_length)
        throw_input_error(where + ": alignment coordinates out of order or beyond the sequence");
    for (std::size_t i = 12; i < f.size(); ++i) {
        if (f[i] == "tp:A:S") a.secondary = true;
        if (f[i].substr(0, 5) == "cs:Z:") count_cs_differences(f[i].substr(5), a.mismatches, a.indels);
    }
    return a;
}

}  // namespace plateau::assembly
