#include "core/resource_usage.hpp"

#include <sys/resource.h>

namespace plateau::core {

ResourceUsage current_resource_usage() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    ResourceUsage result;
    result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    result.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
    return result;
}

}  // namespace plateau::core
