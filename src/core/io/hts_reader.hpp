// Internal: SAM/BAM/CRAM reads through htslib's sam_read1.
#pragma once

#include "core/io/sequence_reader.hpp"

#include <htslib/hfile.h>
#include <htslib/hts.h>

namespace plateau::core {

// Takes ownership of `file` (already format-detected).
[[nodiscard]] std::unique_ptr<SequenceReader> make_hts_reader(const std::string& name, hFILE* file,
                                                             const htsFormat& detected, int hts_threads);

}  // namespace plateau::core
