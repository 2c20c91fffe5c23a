// FileReader: the whole file's SHA-256 follows the blocks the upload threads read, each byte read
// once. The expected digest is FIPS 180-2's test vector for one million 'a' (not our code's).
#include "core/error.hpp"
#include "stage/file_reader.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using namespace plateau::stage;

#define TEST_GROUP "[stage][file_reader]"

namespace {

const std::string k_million_a = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
constexpr std::uint64_t k_size = 1000000, k_part = 50000, k_block = 10000;

struct MillionA {
    MillionA() {
        char name[] = "/tmp/plateau-file-reader.XXXXXX";
        fd = ::mkstemp(name);
        path = name;
        const std::string a(k_size, 'a');
        REQUIRE(::write(fd, a.data(), a.size()) == static_cast<ssize_t>(a.size()));
    }
    ~MillionA() {
        ::close(fd);
        ::unlink(path.c_str());
    }
    int fd = -1;
    std::string path;
};

// Upload threads as plateau-stage runs them: parts taken in order, each read block by block from
// `resume` bytes into the part (the bytes before were on the gateway: skipped). Returns the 'a's read.
std::uint64_t read_parts(FileReader& reader, int threads, std::uint64_t resume) {
    std::atomic<std::uint64_t> next{0}, bytes{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (std::uint64_t p = next++; p * k_part < k_size; p = next++) {
                reader.skip(p * k_part, p * k_part + resume);
                for (std::uint64_t at = resume; at < k_part; at += k_block) {
                    const auto block = reader.read(p * k_part + at, k_block);
                    for (const char c : *block) bytes += c == 'a' ? 1 : k_size;  // (Catch2's macros are not thread safe)
                }
            }
        });
    for (auto& t : pool) t.join();
    return bytes;
}

}  // namespace

TEST_CASE("stage file reader: the digest from the blocks read, each byte read once, at 1 and 4 threads", TEST_GROUP) {
    for (const int threads : {1, 4}) {
        MillionA file;
        // A window of threads parts plus two blocks, as plateau-stage plans it.
        FileReader reader(file.fd, file.path, k_size, threads * k_part + 2 * k_block);
        CHECK(read_parts(reader, threads, 0) == k_size);
        CHECK(reader.digest() == k_million_a);
        CHECK(reader.reread_bytes() == 0);
    }
}

TEST_CASE("stage file reader: bytes held by the gateway before a resume are read for the hash only", TEST_GROUP) {
    MillionA file;
    FileReader reader(file.fd, file.path, k_size, 4 * k_part + 2 * k_block);
    CHECK(read_parts(reader, 4, 30000) == k_size - k_size / k_part * 30000);
    CHECK(reader.digest() == k_million_a);
    CHECK(reader.reread_bytes() == 0);
}

TEST_CASE("stage file reader: a whole file skipped (dataset made before a resume) and a window of 0", TEST_GROUP) {
    MillionA a;
    FileReader skipped(a.fd, a.path, k_size, 1 << 20);
    skipped.skip(0, k_size);
    CHECK(skipped.digest() == k_million_a);
    MillionA b;
    FileReader twice(b.fd, b.path, k_size, 0);  // nothing kept: the hash reads the file itself
    CHECK(read_parts(twice, 3, 0) == k_size);
    CHECK(twice.digest() == k_million_a);
    CHECK(twice.reread_bytes() == k_size);
}

TEST_CASE("stage file reader: a file that shrank, and a cancelled reader, throw instead of waiting", TEST_GROUP) {
    MillionA file;
    FileReader reader(file.fd, file.path, k_size + 10, 1 << 20);
    CHECK_THROWS_WITH(reader.read(k_size - 5, 10), Catch::Contains("the file shrank"));
    MillionA other;
    FileReader stopped(other.fd, other.path, k_size, 2 * k_block);
    std::thread waiting([&] { CHECK_THROWS_WITH(stopped.read(k_size - k_block, k_block), Catch::Contains("reading stopped")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stopped.cancel();
    waiting.join();
    CHECK_THROWS(stopped.digest());
}
