// Locating test data: files of Debian data packages (extracted by tests/data/fetch-debian-data.sh
// into $PLATEAU_DEBDATA, or installed system-wide) and files under tests/data/ of the source tree.
// A TEST_CASE that reads Debian data carries the tag [debian]: only those wait for the
// fixture.debian_data ctest fixture (tests/CMakeLists.txt).
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

// Path of tests/data/<relative> in the source tree: $PLATEAU_SRC/tests/data, or data/ below the
// working directory (ctest runs unit tests in tests/). Empty when it does not exist.
inline std::string source_data_file(const std::string& relative) {
    std::filesystem::path base = std::getenv("PLATEAU_SRC") ? std::filesystem::path(std::getenv("PLATEAU_SRC")) / "tests"
                                                             : std::filesystem::current_path();
    std::filesystem::path p = base / "data" / relative;
    return std::filesystem::exists(p) ? p.string() : std::string();
}

}  // namespace plateau::test
