// Starting the write-back of bytes an upload has just written, so the disk works while the next
// bytes arrive and the fdatasync of a checkpoint (or of a join) finds little left to write.
// sync_file_range(SYNC_FILE_RANGE_WRITE) only starts the writing: it makes nothing durable, so the
// durability rule (upload_service.hpp) still rests on fdatasync alone.
#pragma once

#include <cstdint>

namespace plateau::gateway {

class WritebackStarter {
public:
    // Starts write-back of what lies between the last start and `end`, once that is `step` bytes or more.
    WritebackStarter(int fd, std::uint64_t from, std::uint64_t step) : m_fd(fd), m_from(from), m_step(step) {}

    void wrote_up_to(std::uint64_t end) {
        if (end >= m_from + m_step) start(end);
    }
    // Starts write-back of everything since the last start.
    void start(std::uint64_t end);

private:
    int m_fd;
    std::uint64_t m_from;
    std::uint64_t m_step;
};

}  // namespace plateau::gateway
