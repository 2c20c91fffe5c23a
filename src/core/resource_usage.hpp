// Wall/CPU time and peak memory of this process, for end-of-run summaries and reports.
#pragma once

namespace plateau::core {

struct ResourceUsage {
    double cpu_seconds = 0;  // user + system
    double peak_rss_mb = 0;
};

[[nodiscard]] ResourceUsage current_resource_usage();

}  // namespace plateau::core
