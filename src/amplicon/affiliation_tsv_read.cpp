// read_affiliation_tsv (affiliation.hpp): the header, then one checked row per query.
#include "amplicon/affiliation.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>
#include <unordered_set>

namespace plateau::amplicon {

namespace {

constexpr std::string_view k_columns = "#query_id\ttaxonomy\tconfidence\tidentity\tquery_coverage\thits";

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    for (;;) {
        const std::size_t at = text.find(separator);
        parts.emplace_back(text.substr(0, at));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

// A decimal number in [low, high]; false when the text is not one.
bool parse_number(const std::string& text, double low, double high, double& value) {
    if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string::npos) return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return errno == 0 && *end == '\0' && value >= low && value <= high;
}

struct LineContext {
    const std::string& path;
    std::size_t line;
    [[noreturn]] void fail(const std::string& what) const {
        throw_input_error(path + ": line " + std::to_string(line) + ": " + what);
    }
};

void read_header(const std::string& line, const LineContext& at, AffiliationTable& table) {
    const std::vector<std::string> f = split(line, '\t');
    const std::string magic = "## plateau-amplicon affiliation ";
    if (f[0].rfind(magic, 0) != 0) at.fail("not a plateau-amplicon affiliation TSV (first line '" + line + "')");
    if (f[0] != magic + std::to_string(k_affiliation_tsv_version)) {
        at.fail("format version '" + f[0].substr(magic.size()) + "' (this build reads version " +
                std::to_string(k_affiliation_tsv_version) + ")");
    }
    if (f.size() != 3 || f[1].rfind("method=", 0) != 0 || f[2].rfind("ranks=", 0) != 0) {
        at.fail("header wants '" + magic + "1<TAB>method=<m><TAB>ranks=<r1>,...'");
    }
    table.method = f[1].substr(7);
    if (table.method != "sintax" && table.method != "rdp" && table.method != "align") {
        at.fail("method '" + table.method + "' (sintax, rdp or align)");
    }
    table.rank_names = split(std::string_view(f[2]).substr(6), ',');
    for (const std::string& rank : table.rank_names) {
        if (rank.empty() || rank.find(';') != std::string::npos) at.fail("bad rank list '" + f[2] + "'");
    }
}

std::optional<double> optional_percent(const std::string& text, const char* column, const LineContext& at) {
    if (text == "NA") return std::nullopt;
    double value = 0;
    if (!parse_number(text, 0, 100, value)) at.fail(std::string(column) + " '" + text + "' is not NA or a percent in [0, 100]");
    return value;
}

Affiliation read_row(const std::string& line, const LineContext& at, const AffiliationTable& table) {
    const std::vector<std::string> f = split(line, '\t');
    if (f.size() != 6) at.fail(std::to_string(f.size()) + " columns, not 6");
    Affiliation row;
    row.query_id = f[0];
    if (row.query_id.empty()) at.fail("empty query id");
    row.names = split(f[1], ';');
    const std::size_t ranks = table.rank_names.size();
    if (row.names.size() != ranks) {
        at.fail("'" + row.query_id + "': " + std::to_string(row.names.size()) + " taxonomy fields, not " + std::to_string(ranks));
    }
    if (f[2] != "NA") {
        for (const std::string& text : split(f[2], ';')) {
            double value = 0;
            if (!parse_number(text, 0, 1, value)) at.fail("'" + row.query_id + "': confidence '" + text + "' is not in [0, 1]");
            row.confidence.push_back(value);
        }
        if (row.confidence.size() != ranks) at.fail("'" + row.query_id + "': confidences are not one per rank");
    }
    row.identity = optional_percent(f[3], "identity", at);
    row.query_coverage = optional_percent(f[4], "query_coverage", at);
    if (f[5] != "NA") {
        if (f[5].empty() || f[5].size() > 18 || f[5].find_first_not_of("0123456789") != std::string::npos) {
            at.fail("'" + row.query_id + "': hits '" + f[5] + "' is not NA or a count");
        }
        row.hits = std::stoull(f[5]);
    }
    return row;
}

}  // namespace

AffiliationTable read_affiliation_tsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_input_error(path + ": cannot open (" + std::string(std::strerror(errno)) + ")");
    AffiliationTable table;
    std::unordered_set<std::string> ids;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        const LineContext at{path, ++number};
        if (number == 1) {
            read_header(line, at, table);
        } else if (number == 2) {
            if (line != k_columns) at.fail("column names are not '" + std::string(k_columns) + "'");
        } else {
            table.rows.push_back(read_row(line, at, table));
            if (!ids.insert(table.rows.back().query_id).second) at.fail("duplicate query id '" + table.rows.back().query_id + "'");
        }
    }
    if (in.bad()) throw_input_error(path + ": read error");
    if (number < 2) throw_input_error(path + ": empty or truncated affiliation TSV (no header)");
    return table;
}

}  // namespace plateau::amplicon
