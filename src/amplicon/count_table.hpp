// The per-sample count table written by `derep --counts` (and FROGS' derepSamples.py):
// a header "#id<TAB>sample..." then one row per unique amplicon, "id<TAB>count...". One reader
// for every step that takes it (table, chimera).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace plateau::amplicon {

struct CountTable {
    std::vector<std::string> samples;
    std::vector<std::string> ids;            // row order of the file
    std::vector<std::uint32_t> counts;       // ids.size() x samples.size(), row-major
    std::unordered_map<std::string, std::uint32_t> row_of;  // id -> row
    std::vector<std::uint64_t> lines;        // line number of each row in the file (for messages)
    [[nodiscard]] std::uint64_t count(std::size_t row, std::size_t sample) const {
        return counts[row * samples.size() + sample];
    }
    [[nodiscard]] std::uint64_t row_total(std::size_t row) const;
};

// Throws ErrorCode::InvalidInput naming the file and line: no header ('#' then the sample names),
// a row with another number of columns than the header, a count that is not a non-negative
// integer below 2^32, a duplicate id or sample name, no row. Blank lines are skipped, a CR before
// the newline is ignored.
[[nodiscard]] CountTable read_count_table(const std::string& path);

// The id of an amplicon header as the count table names it: the label without its abundance
// annotation (";size=N" as vsearch strips it, else a trailing "_N" as swarm reads it).
[[nodiscard]] std::string amplicon_id(std::string_view header);
// The abundance annotated in a header (";size=N" or trailing "_N"), 0 when there is none.
[[nodiscard]] std::uint64_t annotated_abundance(std::string_view header);

}  // namespace plateau::amplicon
