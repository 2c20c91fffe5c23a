// Reading swarm's input: a dereplicated FASTA file whose headers carry abundances, parsed with
// swarm 3.1.2's rules (db.cc) and fatal errors, which here are plateau::Error naming the file, the
// record and its line. The returned set is in swarm's order (abundance desc, then full header).
#pragma once

#include "amplicon/amplicon_set.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plateau::amplicon {

struct AbundanceSpan {
    std::uint32_t start = 0, end = 0;
    std::uint64_t value = 0;  // 0 when the annotation has no digits or is "0"
};

// "_N" at the end of the header: the last '_', then 1 to 20 digits up to the end (or none at all).
[[nodiscard]] std::optional<AbundanceSpan> find_swarm_abundance(std::string_view header);
// "size=N" at the start or after ';', followed by ';' or the end.
[[nodiscard]] std::optional<AbundanceSpan> find_usearch_abundance(std::string_view header);

// Parses FASTA text; `name` is used in error messages.
[[nodiscard]] AmpliconSet parse_swarm_fasta(std::string_view text, const std::string& name, bool usearch_style);

// Parses a file as it is read ("-": standard input); `name` is used in error messages.
[[nodiscard]] AmpliconSet read_swarm_fasta(const std::string& path, const std::string& name, bool usearch_style);

}  // namespace plateau::amplicon
