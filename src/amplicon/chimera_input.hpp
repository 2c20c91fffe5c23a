// Inputs of `plateau-amplicon chimera`: a FASTA of uniques (labels cut at the first blank, as
// vsearch does; ;size=N read as vsearch reads it). The optional count table written by
// `derep --counts` is read by count_table.hpp. Errors name the file and the record.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plateau::amplicon {

struct UniqueRecord {
    std::string label;  // header up to the first blank
    std::string seq;
    std::uint64_t size = 0;  // ;size=N, 0 when absent
    std::uint64_t record = 0;
};

// Reads FASTA (plain or gzip). Throws InvalidInput on an empty file, an empty sequence, a letter
// that is not an IUPAC nucleotide code, or (when require_size) a record without ;size=N.
[[nodiscard]] std::vector<UniqueRecord> read_uniques(const std::string& path, bool require_size);
// The same, keeping only the (checked) records for which keep(record) is true, as they are read.
[[nodiscard]] std::vector<UniqueRecord> read_uniques(const std::string& path, bool require_size,
                                                     const std::function<bool(const UniqueRecord&)>& keep);

// The identifier a count table uses for a FASTA label: the label before its last ";size=".
[[nodiscard]] std::string count_table_id(const std::string& label);

}  // namespace plateau::amplicon
