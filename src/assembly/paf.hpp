// minimap2's PAF lines (with -c: the cg:Z CIGAR; with --cs: the cs:Z difference string), read into
// the fields QUAST-style evaluation needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace plateau::assembly {

struct Alignment {
    std::string query;  // contig
    std::uint64_t query_length = 0, query_start = 0, query_end = 0;
    bool reverse = false;
    std::string target;  // reference sequence
    std::uint64_t target_length = 0, target_start = 0, target_end = 0;
    std::uint64_t matches = 0, block_length = 0;
    bool secondary = false;        // tp:A:S (minimap2 writes P for primary and supplementary)
    std::uint64_t mismatches = 0;  // substitutions in cs where neither base is N
    std::uint64_t indels = 0;      // insertion and deletion events in cs
    [[nodiscard]] double identity() const { return block_length ? 100.0 * double(matches) / double(block_length) : 0; }
};

/// Parses one PAF line; throws ErrorCode::InvalidInput naming `where` when it is malformed.
[[nodiscard]] Alignment parse_paf_line(std::string_view line, const std::string& where);

/// Counts substitutions (ignoring those with an N on either side) and indel events in a cs string.
void count_cs_differences(std::string_view cs, std::uint64_t& mismatches, std::uint64_t& indels);

}  // namespace plateau::assembly
