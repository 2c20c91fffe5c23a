// Per-sample chimera detection with FROGS 5.0.2's cross-sample rule (remove_chimera.py,
// parallelChimera.py): each sample's uniques, with the sample's counts as ;size=, are checked
// de novo on their own; only Y calls count (? is kept); strict removes a sequence from every
// sample when it is Y in at least one sample, lenient only when it is Y in every sample where
// its count is not 0. "Ambiguous" sequences are Y in some but not all of those samples.
#pragma once

#include "amplicon/chimera_api.hpp"
#include "amplicon/uchime_detect.hpp"

namespace plateau::amplicon {

// One sample's (or a single-sample run's) detection, with progress on stderr.
[[nodiscard]] std::vector<uchime::Result> detect_sample(const uchime::QuerySet& set, const ChimeraOptions& o,
                                                        core::ProgressMode mode);

[[nodiscard]] ChimeraSummary run_chimera_per_sample(const ChimeraOptions& o, core::ProgressMode mode);

}  // namespace plateau::amplicon
