// STAR files as RELION 3.1 reads and writes them: `data_<name>` blocks, each holding key-value
// pairs (`_rlnName value`) and/or one `loop_` (`_rlnName #n` column names, then whitespace-separated
// rows). Values may be quoted ('...' or "..."); `#` starts a comment outside quotes. Columns are
// looked up by name. Errors name the file and the line. Semicolon text fields, `save_` frames and
// nested loops (CIF features RELION never writes) are refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plateau::core::em {

struct StarLoop {
    std::vector<std::string> columns;  // without the leading underscore: "rlnImageName"
    std::vector<std::string> values;   // row-major: rows() * columns.size()
    std::vector<std::uint32_t> lines;  // each row's line number in the file (1-based); 0 when built in memory

    [[nodiscard]] std::size_t rows() const { return columns.empty() ? 0 : values.size() / columns.size(); }
    /// The column's index, or -1.
    [[nodiscard]] int column(std::string_view name) const;
    [[nodiscard]] const std::string& at(std::size_t row, std::size_t col) const { return values[row * columns.size() + col]; }
    /// Appends a column holding `fill` in every row; returns its index (an existing column is reused).
    std::size_t add_column(const std::string& name, const std::string& fill = "");
    void set(std::size_t row, std::size_t col, std::string value) { values[row * columns.size() + col] = std::move(value); }
};

struct StarBlock {
    std::string name;  // after "data_": "optics", "particles", "" for a bare "data_"
    std::vector<std::pair<std::string, std::string>> pairs;  // key-value items, key without "_"
    std::optional<StarLoop> loop;
    std::uint32_t line = 0;

    /// The value of a key-value item, or nullptr.
    [[nodiscard]] const std::string* value(std::string_view key) const;
};

struct StarFile {
    std::string path;  // for messages
    std::vector<StarBlock> blocks;

    /// The first block named `name`, or nullptr.
    [[nodiscard]] const StarBlock* find(std::string_view name) const;
    [[nodiscard]] StarBlock* find(std::string_view name);
};

/// Parses STAR text; `path` names the file in errors ("<path> line N: ...").
[[nodiscard]] StarFile parse_star(std::string_view text, const std::string& path);
/// Reads and parses a file (plain text).
[[nodiscard]] StarFile read_star(const std::string& path);
/// The text RELION 3.1 writes: "# version 30001" before each block, key-value pairs, then the
/// loop with "_name #n" headers; values quoted when they are empty or hold whitespace or quotes.
[[nodiscard]] std::string format_star(const StarFile& file);

/// "<path> line N" for messages about a loop row (or "<path>, data_<block> row R" without lines).
[[nodiscard]] std::string star_row_location(const StarFile& file, const StarBlock& block, std::size_t row);

/// A number in a STAR value, or an InvalidInput error naming the file, line and column.
[[nodiscard]] double star_number(const StarFile& file, const StarBlock& block, std::size_t row, int col);

}  // namespace plateau::core::em
