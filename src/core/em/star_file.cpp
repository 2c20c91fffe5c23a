// STAR reading and writing (star_file.hpp).
#include "core/em/star_file.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace plateau::core::em {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Splits one line into values: whitespace-separated, quoted values kept whole, '#' at the start
// of a value ends the line.
std::vector<std::string> tokenize(std::string_view line, const std::string& where) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_space(line[i])) ++i;
        if (i >= line.size() || line[i] == '#') break;
        if (line[i] == '\'' || line[i] == '"') {
            const char q = line[i];
            std::size_t j = i + 1;
            while (j < line.size() && !(line[j] == q && (j + 1 == line.size() || is_space(line[j + 1])))) ++j;
            if (j >= line.size()) throw_input_error(where + ": unterminated quoted value");
            out.emplace_back(line.substr(i + 1, j - i - 1));
            i = j + 1;
        } else {
            std::size_t j = i;
            while (j < line.size() && !is_space(line[j])) ++j;
            out.emplace_back(line.substr(i, j - i));
            i = j;
        }
    }
    return out;
}

enum class State { outside, block, loop_header, loop_rows };

struct Parser {
    StarFile file;
    State state = State::outside;
    std::string where;

    StarBlock& block() { return file.blocks.back(); }
    void line(std::string_view text, std::uint32_t number);
    void loop_line(std::vector<std::string>& tokens, std::uint32_t number);
};

void Parser::loop_line(std::vector<std::string>& tokens, std::uint32_t number) {
    StarLoop& loop = *block().loop;
    if (state == State::loop_header && tokens[0][0] == '_') {
        loop.columns.push_back(tokens[0].substr(1));
        return;
    }
    if (loop.columns.empty()) throw_input_error(where + ": loop_ in data_" + block().name + " has no _column names");
    state = State::loop_rows;
    if (tokens.size() != loop.columns.size())
        throw_input_error(where + ": " + std::to_string(tokens.size()) + " values in a row of data_" + block().name +
                          ", whose loop has " + std::to_string(loop.columns.size()) + " columns");
    for (std::string& t : tokens) loop.values.push_back(std::move(t));
    loop.lines.push_back(number);
}

void Parser::line(std::string_view text, std::uint32_t number) {
    where = file.path + " line " + std::to_string(number);
    if (!text.empty() && text[0] == ';') throw_input_error(where + ": semicolon text fields are not supported");
    std::vector<std::string> tokens = tokenize(text, where);
    if (tokens.empty()) return;
    const std::string& first = tokens[0];
    if (first.rfind("data_", 0) == 0) {
        file.blocks.push_back(StarBlock{first.substr(5), {}, std::nullopt, number});
        state = State::block;
        return;
    }
    if (first == "global_" || first.rfind("save_", 0) == 0 || first == "stop_")
        throw_input_error(where + ": '" + first + "' is not supported (RELION STAR files use data_ blocks only)");
    if (state == State::outside) throw_input_error(where + ": '" + first + "' before the first data_ block");
    if (first == "loop_") {
        if (block().loop) throw_input_error(where + ": a second loop_ in data_" + block().name);
        block().loop.emplace();
        state = State::loop_header;
        return;
    }
    if (state == State::loop_header || (state == State::loop_rows && first[0] != '_')) return loop_line(tokens, number);
    if (first[0] != '_') throw_input_error(where + ": expected '_name value', loop_ or data_, found '" + first + "'");
    if (tokens.size() != 2)
        throw_input_error(where + ": _" + first.substr(1) + " needs exactly one value, found " + std::to_string(tokens.size() - 1));
    block().pairs.emplace_back(first.substr(1), tokens[1]);
    state = State::block;
}

bool needs_quotes(const std::string& v) {
    if (v.empty() || v[0] == '#' || v[0] == '_' || v == "loop_" || v.rfind("data_", 0) == 0) return true;
    for (char c : v)
        if (is_space(c) || c == '"' || c == '\'') return true;
    return false;
}

std::string quoted(const std::string& v) {
    if (!needs_quotes(v)) return v;
    return (v.find('"') == std::string::npos) ? "\"" + v + "\"" : "'" + v + "'";
}

}  // namespace

int StarLoop::column(std::string_view name) const {
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == name) return int(c);
    return -1;
}

std::size_t StarLoop::add_column(const std::string& name, const std::string& fill) {
    if (const int c = column(name); c >= 0) return std::size_t(c);
    const std::size_t n = rows(), old = columns.size();
    columns.push_back(name);
    if (old == 0) return 0;
    std::vector<std::string> grown;
    grown.reserve(n * (old + 1));
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < old; ++c) grown.push_back(std::move(values[r * old + c]));
        grown.push_back(fill);
    }
    values = std::move(grown);
    return old;
}

const std::string* StarBlock::value(std::string_view key) const {
    for (const auto& [k, v] : pairs)
        if (k == key) return &v;
    return nullptr;
}

const StarBlock* StarFile::find(std::string_view name) const {
    for (const StarBlock& b : blocks)
        if (b.name == name) return &b;
    return nullptr;
}

StarBlock* StarFile::find(std::string_view name) {
    for (StarBlock& b : blocks)
        if (b.name == name) return &b;
    return nullptr;
}

StarFile parse_star(std::string_view text, const std::string& path) {
    Parser p;
    p.file.path = path;
    std::uint32_t number = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        p.line(text.substr(pos, end - pos), ++number);
        pos = end + 1;
    }
    if (p.file.blocks.empty()) throw_input_error(path + ": no data_ block (not a STAR file?)");
    return std::move(p.file);
}

StarFile read_star(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error(path + ": cannot open: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw_io_error(path + ": read error");
    return parse_star(text.str(), path);
}

std::string format_star(const StarFile& file) {
    std::string out;
    for (const StarBlock& b : file.blocks) {
        out += "\n# version 30001\n\ndata_" + b.name + "\n\n";
        for (const auto& [k, v] : b.pairs) out += "_" + k + std::string(k.size() < 40 ? 40 - k.size() : 1, ' ') + quoted(v) + "\n";
        if (!b.pairs.empty()) out += "\n";
        if (!b.loop) continue;
        const StarLoop& loop = *b.loop;
        out += "loop_ \n";
        for (std::size_t c = 0; c < loop.columns.size(); ++c) out += "_" + loop.columns[c] + " #" + std::to_string(c + 1) + " \n";
        for (std::size_t r = 0; r < loop.rows(); ++r) {
            for (std::size_t c = 0; c < loop.columns.size(); ++c) {
                out += c ? "\t" : "";
                out += quoted(loop.at(r, c));
            }
            out += " \n";
        }
        out += " \n";
    }
    return out;
}

std::string star_row_location(const StarFile& file, const StarBlock& block, std::size_t row) {
    if (block.loop && row < block.loop->lines.size() && block.loop->lines[row] > 0)
        return file.path + " line " + std::to_string(block.loop->lines[row]);
    return file.path + ", data_" + block.name + " row " + std::to_string(row + 1);
}

double star_number(const StarFile& file, const StarBlock& block, std::size_t row, int col) {
    const std::string& text = block.loop->at(row, std::size_t(col));
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE)
        throw_input_error(star_row_location(file, block, row) + ": _" + block.loop->columns[std::size_t(col)] + " '" + text +
                          "' is not a number");
    return v;
}

}  // namespace plateau::core::em
