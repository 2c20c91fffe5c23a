// Helpers for the gateway unit tests: the shared TempDir (tests/support/temp_dir.hpp), the status
// of an HttpError.
#pragma once

#include "gateway/http_errors.hpp"
#include "support/temp_dir.hpp"

#include <functional>

namespace plateau::gateway::test {

using plateau::test::TempDir;

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
