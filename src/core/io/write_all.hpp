// The one write loop: writes every byte, retrying after EINTR and short writes.
#pragma once

#include <cstddef>
#include <string_view>

namespace plateau::core {

/// Writes all of `bytes` to `fd`. Returns false, with errno set, when a write fails; then
/// `*written` (when given) says how many bytes were written before the failure, so a caller that
/// can recover (e.g. by turning O_DIRECT off) continues from there.
[[nodiscard]] bool write_all(int fd, std::string_view bytes, std::size_t* written = nullptr) noexcept;

}  // namespace plateau::core
