// The sample sheet of `merge --samples` and `run --samples`: one sample per line,
// name<TAB>R1 path<TAB>R2 path; empty lines and lines starting with '#' are skipped, a trailing
// '\r' is dropped, and relative paths are resolved against the sheet's directory.
#pragma once

#include "amplicon/merge_api.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace plateau::amplicon {

// Throws ErrorCode::InvalidInput naming the sheet and the line: not three non-empty tab-separated
// columns, a duplicate sample name, a name holding blanks, ';' or '=' (read labels carry it), a
// sheet with no sample; ErrorCode::Io when the sheet cannot be read.
[[nodiscard]] std::vector<PairedSample> read_sample_sheet(const std::string& path);

// The same on the sheet's text (`path` names it in errors and anchors relative paths).
[[nodiscard]] std::vector<PairedSample> parse_sample_sheet(std::string_view text, const std::string& path);

}  // namespace plateau::amplicon
