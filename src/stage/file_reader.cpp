#include "stage/file_reader.hpp"

#include "core/error.hpp"
#include "stage/sha256.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace plateau::stage {
namespace {

constexpr std::uint64_t k_own_read = 8 << 20;  // what the hashing thread reads at a time

}  // namespace

FileReader::FileReader(int fd, std::string path, std::uint64_t size, std::uint64_t window)
    : m_fd(fd), m_path(std::move(path)), m_size(size), m_window(window) {
    if (m_window == 0 && m_size > 0) m_skipped[0] = m_size;  // nothing kept: the hash reads it all itself
    m_thread = std::thread([this] { hash_loop(); });
}

FileReader::~FileReader() {
    cancel();
    if (m_thread.joinable()) m_thread.join();
}

void FileReader::pread_exact(Buffer& into, std::uint64_t first, std::uint64_t n) const {
    for (std::uint64_t got = 0; got < n;) {
        const ssize_t r = ::pread(m_fd, into.bytes.get() + got, n - got, static_cast<off_t>(first + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) throw_io_error(m_path + ": read failed: " + (r == 0 ? "the file shrank" : std::strerror(errno)));
        got += static_cast<std::uint64_t>(r);
    }
    into.length = n;
}

std::unique_ptr<Buffer> FileReader::take_buffer(std::uint64_t n) {
    {
        std::lock_guard lock(m_pool_mutex);
        for (auto it = m_pool.begin(); it != m_pool.end(); ++it)
            if ((*it)->capacity >= n) {
                auto b = std::move(*it);
                m_pool.erase(it);
                return b;
            }
    }
    auto b = std::make_unique<Buffer>();
    b->bytes.reset(new char[n]);  // not value-initialised: pread fills it
    b->capacity = n;
    return b;
}

FileReader::Block FileReader::read(std::uint64_t first, std::uint64_t n) {
    std::unique_lock lock(m_mutex);
    if (m_window > 0)  // the block at the hashed position always fits: the hash never waits on a waiting reader
        m_changed.wait(lock, [&] { return m_cancelled || m_error || first + n <= m_hashed + std::max(m_window, n); });
    if (m_error) std::rethrow_exception(m_error);
    if (m_cancelled) throw_io_error(m_path + ": reading stopped");
    lock.unlock();
    std::unique_ptr<Buffer> bytes = take_buffer(n);
    pread_exact(*bytes, first, n);
    // Back to the pool when the request and the hash are both done with it (the pool outlives
    // every block: the upload threads are joined before the reader goes).
    const Block block(bytes.release(), [this](const Buffer* b) {
        std::lock_guard pool(m_pool_mutex);
        m_pool.emplace_back(const_cast<Buffer*>(b));
    });
    lock.lock();
    if (m_window == 0 || first + n <= m_hashed) {
        m_reread += n;
    } else {
        m_blocks[first] = block;
        m_changed.notify_all();
    }
    return block;
}

void FileReader::skip(std::uint64_t first, std::uint64_t last) {
    if (last <= first || m_window == 0) return;
    std::lock_guard lock(m_mutex);
    std::uint64_t& end = m_skipped[first];
    end = std::max(end, std::min(last, m_size));
    m_changed.notify_all();
}

void FileReader::hash_loop() {
    Sha256 sha;
    Buffer own;  // for the bytes no upload thread reads
    own.bytes.reset(new char[k_own_read]);
    own.capacity = k_own_read;
    try {
        std::unique_lock lock(m_mutex);
        while (m_hashed < m_size && !m_cancelled) {
            // The block holding the next byte, else a skipped range holding it, else wait.
            while (!m_blocks.empty() && m_blocks.begin()->first + m_blocks.begin()->second->size() <= m_hashed)
                m_blocks.erase(m_blocks.begin());
            while (!m_skipped.empty() && m_skipped.begin()->second <= m_hashed) m_skipped.erase(m_skipped.begin());
            auto b = m_blocks.upper_bound(m_hashed);
            if (b != m_blocks.begin() && (--b)->first + b->second->size() > m_hashed) {
                const Block block = b->second;
                const std::uint64_t start = b->first, from = m_hashed - start;
                m_blocks.erase(b);
                lock.unlock();
                sha.update(block->data() + from, block->size() - from);
                lock.lock();
                m_hashed = start + block->size();
            } else if (auto s = m_skipped.upper_bound(m_hashed); s != m_skipped.begin() && (--s)->second > m_hashed) {
                const std::uint64_t first = m_hashed, n = std::min(s->second - m_hashed, k_own_read);
                lock.unlock();
                own.length = 0;
                pread_exact(own, first, n);
                sha.update(own.data(), own.size());
                lock.lock();
                m_hashed = first + n;
            } else {
                m_changed.wait(lock);
                continue;
            }
            m_changed.notify_all();
        }
        if (m_hashed >= m_size) m_digest = sha.hex();
    } catch (...) {
        std::lock_guard relock(m_mutex);
        m_error = std::current_exception();
    }
    m_changed.notify_all();
}

std::string FileReader::digest() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_digest.empty() || m_error || m_cancelled; });
    if (m_error) std::rethrow_exception(m_error);
    if (m_digest.empty()) throw_io_error(m_path + ": reading stopped before the whole file was hashed");
    return m_digest;
}

void FileReader::cancel() {
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    m_changed.notify_all();
}

std::uint64_t FileReader::reread_bytes() const {
    std::lock_guard lock(m_mutex);
    return m_reread;
}

}  // namespace plateau::stage
