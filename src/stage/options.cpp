// validate() for plateau-stage's options, and sizes written "64M".
#include "core/error.hpp"
#include "stage/api.hpp"
#include "stage/http_client.hpp"

#include <cmath>
#include <cstdlib>

namespace plateau::stage {

std::uint64_t parse_size(const std::string& flag, const std::string& text) {
    const std::string bad = flag + " '" + text + "' is not a size (bytes, or a number with K, M, G or T)";
    if (text.empty() || text.find_first_not_of("0123456789.KMGTkmgt") != std::string::npos) throw_usage_error(bad);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(value) || value < 0) throw_usage_error(bad);
    const std::string unit(end);
    double scale = 1;
    if (unit == "K" || unit == "k") scale = 1024.0;
    else if (unit == "M" || unit == "m") scale = 1024.0 * 1024;
    else if (unit == "G" || unit == "g") scale = 1024.0 * 1024 * 1024;
    else if (unit == "T" || unit == "t") scale = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty()) throw_usage_error(bad);
    const double bytes = value * scale;
    if (bytes > 9.0e18) throw_usage_error(flag + " '" + text + "' is too large");
    return static_cast<std::uint64_t>(std::llround(bytes));
}

void validate(const ServerOptions& o) {
    if (o.url.empty()) throw_usage_error("--url is required (or PLATEAU_STAGE_URL)");
    (void)parse_endpoint(o.url);
    if (o.token.empty()) throw_usage_error("--token is required (or PLATEAU_STAGE_TOKEN, or --token-file)");
    if (o.retries < 0 || o.retries > 1000) throw_usage_error("--retries " + std::to_string(o.retries) + " must be 0 to 1000");
    if (!(o.timeout_seconds >= 1 && o.timeout_seconds <= 86400))
        throw_usage_error("--timeout " + std::to_string(o.timeout_seconds) + " must be 1 to 86400 seconds");
}

void validate(const UploadOptions& o) {
    if (o.inputs.empty()) throw_usage_error("upload needs at least one FILE or FOLDER");
    if (o.parallel < 1 || o.parallel > 64) throw_usage_error("--parallel " + std::to_string(o.parallel) + " must be 1 to 64");
    if (o.part_size != 0 && o.part_size < (1u << 20))
        throw_usage_error("--part-size " + std::to_string(o.part_size) + " must be at least 1M (or 0: size / --parallel)");
    if (o.request_size < (64u << 10) || o.request_size > (1ull << 30))
        throw_usage_error("--request-size " + std::to_string(o.request_size) + " must be 64K to 1G");
    if (o.name_prefix.find("..") != std::string::npos || (!o.name_prefix.empty() && o.name_prefix.front() == '/'))
        throw_usage_error("--name-prefix '" + o.name_prefix + "' must be a relative name without '..'");
}

void validate(const DownloadOptions& o) {
    if (o.dataset_id.empty()) throw_usage_error("download needs a DATASET id");
    if (o.output.empty()) throw_usage_error("download needs -o FILE");
}

}  // namespace plateau::stage
