// Runs the minimap2 binary (Debian's) as a subprocess and returns its PAF output.
#pragma once

#include <string>
#include <vector>

namespace plateau::assembly {

/// minimap2 -c --cs -x asm10 --secondary=no -t threads reference contigs; throws plateau::Error
/// when it cannot be started or fails (with the last line of its stderr).
[[nodiscard]] std::string run_minimap2(const std::string& binary, const std::string& reference,
                                       const std::string& contigs, int threads);

}  // namespace plateau::assembly
