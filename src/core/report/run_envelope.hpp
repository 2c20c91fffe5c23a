// The run envelope: what every tool's JSON report says about the run itself (tool, version,
// command line, wall and CPU time, peak memory, report schema version), in one place and one
// layout, so that the HTML reports, MultiQC and the gateway read every tool the same way.
//
// Layout in a report (fastp's top-level "command" key is kept, MultiQC reads it):
//   "command": "<command line>",
//   "plateau": {"schema_version": N, "tool": "plateau-<tool>", "version": "x.y.z",
//               "run": {"wall_seconds": s, "cpu_seconds": s, "peak_rss_mb": mb}, ...tool sections}
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace plateau::core {

inline constexpr const char* k_envelope_section = "plateau";

struct RunEnvelope {
    std::string tool;          // "plateau-qc"
    std::string version;       // k_version
    std::string command_line;  // as typed, arguments joined by spaces
    int schema_version = 1;    // the tool's report schema
    double wall_seconds = 0;
    double cpu_seconds = 0;
    double peak_rss_mb = 0;
};

/// An envelope for this process now: version from core/version.hpp, CPU time and peak RSS from
/// getrusage; the wall time is the tool's own (from its start, not the process's).
[[nodiscard]] RunEnvelope make_run_envelope(std::string tool, int schema_version, std::string command_line,
                                            double wall_seconds);

/// Writes the envelope into `report` (the top-level "command" and the "plateau" section's
/// schema_version, tool, version and run keys); other keys of the section are left alone.
void write_run_envelope(nlohmann::json& report, const RunEnvelope& envelope);

}  // namespace plateau::core
