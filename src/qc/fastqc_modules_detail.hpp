// Internal to the FastQC modules: the pieces fastqc_modules() assembles from several .cpp files.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "qc/fastqc_modules.hpp"

namespace plateau::qc::detail {

// FastQC asks raisesError() first, then raisesWarning().
[[nodiscard]] inline Verdict verdict_of(bool error, bool warn) {
    return error ? Verdict::fail : (warn ? Verdict::warn : Verdict::pass);
}

[[nodiscard]] inline ModuleResult named_result(std::string name, std::vector<std::string> x_labels = {}) {
    ModuleResult r;
    r.name = std::move(name);
    r.x_labels = std::move(x_labels);
    return r;
}

[[nodiscard]] ModuleResult gc_content_module(const FastqcInput& input, const FastqcLimits& limits);
[[nodiscard]] ModuleResult duplication_module(const FastqcSequenceTracker& tracker, const FastqcLimits& limits);
// Per tile sequence quality, or nothing (with the reason in `not_applicable`) when FastQC omits it.
[[nodiscard]] std::optional<ModuleResult> per_tile_module(const TileQualityCounts& counts, const FastqcLimits& limits,
                                                          std::string& not_applicable);
[[nodiscard]] ModuleResult overrepresented_module(const FastqcSequenceTracker& tracker, const FastqcLimits& limits);

}  // namespace plateau::qc::detail
