// Reads one input file of plateau-stage so that each byte comes from the file once: the upload
// threads take the bytes of their next PATCH from it (read(), which the caller hashes for the
// request's Upload-Checksum), and the same blocks are handed, in file order, to the whole file's
// SHA-256 on a hashing thread of its own. SHA-256 is sequential and the parts progress in parallel,
// so a block is kept until the hash reaches it; read() waits while its block would end more than
// `window` bytes past the hashed prefix, which bounds the memory held. Bytes no upload thread
// sends (the gateway held them before a resume) are declared with skip() and read by the hashing
// thread itself. With `window` 0 nothing is kept: the hashing thread reads the whole file once
// more on its own (files too large for a window; see default_part_size in upload_file.cpp).
// Buffers are reused once both their request and the hash are done with them, so that a transfer
// of terabytes does not map, fault in and zero fresh memory for every request.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plateau::stage {

// Bytes read from the file (not zero-filled first; reused through the reader's pool).
struct Buffer {
    std::unique_ptr<char[]> bytes;
    std::size_t capacity = 0, length = 0;
    [[nodiscard]] const char* data() const { return bytes.get(); }
    [[nodiscard]] std::size_t size() const { return length; }
    [[nodiscard]] const char* begin() const { return bytes.get(); }
    [[nodiscard]] const char* end() const { return bytes.get() + length; }
};

class FileReader {
public:
    using Block = std::shared_ptr<const Buffer>;

    FileReader(int fd, std::string path, std::uint64_t size, std::uint64_t window);
    ~FileReader();  // stops the hashing thread
    FileReader(const FileReader&) = delete;
    FileReader& operator=(const FileReader&) = delete;

    // The bytes [first, first + n) of the file, read now (pread); throws Io naming the file.
    [[nodiscard]] Block read(std::uint64_t first, std::uint64_t n);
    // [first, last) will not be read by an upload thread: the hashing thread reads it.
    void skip(std::uint64_t first, std::uint64_t last);
    // The hex SHA-256 of the whole file once every byte was read or skipped; rethrows a read error.
    [[nodiscard]] std::string digest();
    // Ends the hashing thread and makes waiting read()s throw (an upload thread failed).
    void cancel();
    // Bytes read by read() that the hash had already passed (kept nowhere: read a second time).
    [[nodiscard]] std::uint64_t reread_bytes() const;

private:
    void hash_loop();
    void pread_exact(Buffer& into, std::uint64_t first, std::uint64_t n) const;
    [[nodiscard]] std::unique_ptr<Buffer> take_buffer(std::uint64_t n);

    std::mutex m_pool_mutex;  // a block's last owner may drop it while holding m_mutex
    std::vector<std::unique_ptr<Buffer>> m_pool;
    int m_fd;
    std::string m_path;
    std::uint64_t m_size;
    std::uint64_t m_window;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::uint64_t, Block> m_blocks;             // read, not yet hashed: first byte -> bytes
    std::map<std::uint64_t, std::uint64_t> m_skipped;    // first -> last, for the hashing thread to read
    std::uint64_t m_hashed = 0;                          // the hash covers [0, m_hashed)
    std::uint64_t m_reread = 0;
    bool m_cancelled = false;
    std::exception_ptr m_error;
    std::string m_digest;
    std::thread m_thread;
};

}  // namespace plateau::stage
