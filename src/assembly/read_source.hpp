// Streams every read of every library through worker threads (core's ordered pipeline): the
// callback sees each read exactly once, in batches; paired libraries are read in step, with mate
// names checked by core::PairedReader, and both mates handed to the same call.
#pragma once

#include "assembly/api.hpp"
#include "core/read_batch.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plateau::assembly {

/// worker: 0..threads-1; second is empty for single-end libraries.
using ReadBatchVisitor =
    std::function<void(std::size_t worker, const core::ReadBatch& first, const core::ReadBatch& second)>;

struct ReadPassStats {
    std::uint64_t reads = 0;
    std::uint64_t bases = 0;
    std::uint32_t max_length = 0;
};

/// Reads all libraries once; `label` names the pass in the progress line.
ReadPassStats for_each_read_batch(const std::vector<ReadLibrary>& libraries, int threads,
                                  core::ProgressMode progress, const std::string& label,
                                  const ReadBatchVisitor& visit);

/// The longest of the first few thousand reads of the first library (to choose k).
[[nodiscard]] std::uint32_t probe_read_length(const std::vector<ReadLibrary>& libraries);

/// Rough number of bases in the libraries from their file sizes (for sizing tables up front).
[[nodiscard]] std::uint64_t estimate_input_bases(const std::vector<ReadLibrary>& libraries);

}  // namespace plateau::assembly
