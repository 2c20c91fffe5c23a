// The one write loop: writes every byte, retrying after EINTR and short writes.
#pragma once

#include <string_view>

namespace plateau::core {

/// Writes all of `bytes` to `fd`. Returns false, with errno set, when a write fails; then an
/// unknown prefix may have been written.
[[nodiscard]] bool write_all(int fd, std::string_view bytes) noexcept;

}  // namespace plateau::core
