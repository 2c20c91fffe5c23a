// Runs the minimap2 binary (Debian's) as a subprocess and returns its PAF output.
#pragma once

#include <string>
#include <vector>

namespace plateau::assembly {

/// minimap2 with QUAST 5.2's options (-c --cs -x asm10 -B5 -O4,16 --no-long-join -r 200 -s 65
/// -z 200 --mask-level 0.9 --min-occ 200 -g 2500 --score-N 2) and --secondary=no; throws plateau::Error
/// when it cannot be started or fails (with the last line of its stderr).
[[nodiscard]] std::string run_minimap2(const std::string& binary, const std::string& reference,
                                       const std::string& contigs, int threads);

}  // namespace plateau::assembly
