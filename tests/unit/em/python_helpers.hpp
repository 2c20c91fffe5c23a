// Runs Debian's /usr/bin/python3 (with python3-mrcfile and python3-numpy) on a script, for
// independent cross-checks of the MRC reader and writer.
#pragma once

#include <array>
#include <cstdio>
#include <string>

namespace plateau::test {

/// stdout of `/usr/bin/python3 -c script`; `status` receives the exit status.
inline std::string run_python(const std::string& script, int& status) {
    std::string quoted = "'";
    for (char c : script) quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    FILE* pipe = ::popen(("/usr/bin/python3 -c " + quoted + " 2>&1").c_str(), "r");
    std::string out;
    if (!pipe) {
        status = -1;
        return out;
    }
    std::array<char, 4096> buffer{};
    std::size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), got);
    status = ::pclose(pipe);
    return out;
}

}  // namespace plateau::test
