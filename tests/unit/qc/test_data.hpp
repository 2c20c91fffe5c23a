// Locating the Debian data packages the tests use (extracted by tests/data/fetch-debian-data.sh
// into $PLATEAU_DEBDATA, or installed system-wide).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace plateau::test {

// Path of a file from a Debian package, e.g. debian_file("fastqc", "usr/share/doc/fastqc/examples/example.fastq").
// Empty when it is nowhere to be found.
inline std::string debian_file(const std::string& package, const std::string& relative) {
    if (const char* cache = std::getenv("PLATEAU_DEBDATA")) {
        std::filesystem::path p = std::filesystem::path(cache) / package / relative;
        if (std::filesystem::exists(p)) return p.string();
    }
    std::filesystem::path system = std::filesystem::path("/") / relative;
    return std::filesystem::exists(system) ? system.string() : std::string();
}

}  // namespace plateau::test
