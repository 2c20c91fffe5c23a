// Helpers for the gateway unit tests: an RAII temporary directory, the status of an HttpError.
#pragma once

#include "gateway/http_errors.hpp"

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

namespace plateau::gateway::test {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "plateau-gw-unit.XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// The HTTP status `f` throws as an HttpError, or 0 when it returns.
inline int status_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const HttpError& e) {
        return e.status();
    }
    return 0;
}

}  // namespace plateau::gateway::test
