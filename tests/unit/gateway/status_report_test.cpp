#include "gateway/regular_file.hpp"
#include "gateway/status_report.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <fstream>

using namespace plateau::gateway;
using plateau::gateway::test::TempDir;

#define TEST_GROUP "[gateway][status_report]"

namespace {

// While alive, the calling thread lacks CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH in its
// effective set (they stay permitted and come back on destruction), so that mode 000 stops
// even root from reading a directory. Capabilities are per thread on Linux.
class WithoutDacOverride {
public:
    WithoutDacOverride() {
        if (::syscall(SYS_capget, &m_header, m_saved) != 0) return;
        __user_cap_data_struct reduced[2] = {m_saved[0], m_saved[1]};
        reduced[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
        m_active = ::syscall(SYS_capset, &m_header, reduced) == 0;
    }
    ~WithoutDacOverride() {
        if (m_active) ::syscall(SYS_capset, &m_header, m_saved);
    }
    WithoutDacOverride(const WithoutDacOverride&) = delete;
    WithoutDacOverride& operator=(const WithoutDacOverride&) = delete;

private:
    __user_cap_header_struct m_header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct m_saved[2]{};
    bool m_active = false;
};

void write_text(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

// A chain of `depth` directories named `name` under `top`, built and removed through descriptors
// (paths beyond PATH_MAX cannot be used whole), with a file "leaf.dat" at the bottom.
class DeepChain {
public:
    DeepChain(const std::filesystem::path& top, std::string name, int depth) : m_top(top), m_name(std::move(name)) {
        int fd = ::open(top.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        for (int i = 0; i < depth && fd >= 0; ++i) {
            ::mkdirat(fd, m_name.c_str(), 0755);
            const int next = ::openat(fd, m_name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            ::close(fd);
            fd = next;
            ++m_depth;
        }
        if (fd >= 0) {
            const int file = ::openat(fd, "leaf.dat", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            if (file >= 0) ::close(file);
            ::close(fd);
        }
    }
    ~DeepChain() { remove_below(::open(m_top.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), m_depth); }
    DeepChain(const DeepChain&) = delete;
    DeepChain& operator=(const DeepChain&) = delete;

private:
    void remove_below(int fd, int depth) {
        if (fd < 0) return;
        if (depth > 0) {
            remove_below(::openat(fd, m_name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), depth - 1);
            ::unlinkat(fd, m_name.c_str(), AT_REMOVEDIR);
        } else {
            ::unlinkat(fd, "leaf.dat", 0);
        }
        ::close(fd);
    }
    std::filesystem::path m_top;
    std::string m_name;
    int m_depth = 0;
};

}  // namespace

TEST_CASE("list_files: an unreadable subdirectory hides only its own entries", TEST_GROUP) {
    TempDir dir;
    const auto outputs = dir.path() / "outputs";
    std::filesystem::create_directories(outputs / "aaa_private");
    std::filesystem::create_directories(outputs / "sub");
    write_text(outputs / "aaa_private" / "hidden.dat", "x");
    const std::vector<std::string> names{"a.dat", "b.dat", "c.dat", "d.dat", "e.dat", "f.dat", "g.dat", "h.dat"};
    for (const auto& name : names) write_text(outputs / name, name);
    write_text(outputs / "sub" / "z.dat", "z");
    REQUIRE(::chmod((outputs / "aaa_private").c_str(), 0) == 0);
    nlohmann::json listed;
    {
        const WithoutDacOverride unprivileged;
        listed = list_files(outputs);
    }
    ::chmod((outputs / "aaa_private").c_str(), 0755);
    std::vector<std::string> expected = names;
    expected.push_back("sub/z.dat");
    CAPTURE(listed.dump());
    CHECK(listed.get<std::vector<std::string>>() == expected);
}

TEST_CASE("list_directory: an unreadable subdirectory is named, with the reason (issue 8)", TEST_GROUP) {
    TempDir dir;
    const auto outputs = dir.path() / "outputs";
    std::filesystem::create_directories(outputs / "private");
    write_text(outputs / "private" / "hidden.dat", "x");
    write_text(outputs / "a.dat", "a");
    REQUIRE(::chmod((outputs / "private").c_str(), 0) == 0);
    DirectoryListing listing;
    bool unprivileged_worked = false;
    {
        const WithoutDacOverride unprivileged;
        unprivileged_worked = ::access((outputs / "private").c_str(), R_OK) != 0;
        listing = list_directory(outputs);
    }
    ::chmod((outputs / "private").c_str(), 0755);
    if (!unprivileged_worked) return;  // cannot drop the override here: nothing to observe
    CHECK(listing.files == std::vector<std::string>{"a.dat"});
    REQUIRE(listing.unreadable.size() == 1);
    CHECK(listing.unreadable[0].relative_path == "private");
    CHECK(describe_unreadable(listing.unreadable) == "private: Permission denied");
}

TEST_CASE("list_directory: files deeper than PATH_MAX are reported, not silently left out (issue 8)", TEST_GROUP) {
    TempDir dir;
    const auto outputs = dir.path() / "outputs";
    std::filesystem::create_directories(outputs);
    write_text(outputs / "a.dat", "a");
    const std::string name(100, 'd');
    const DeepChain deep(outputs, name, 60);  // about 6,000 characters deep
    const DirectoryListing listing = list_directory(outputs);
    CHECK(std::find(listing.files.begin(), listing.files.end(), "a.dat") != listing.files.end());
    REQUIRE(listing.unreadable.size() == 1);
    CHECK(listing.unreadable[0].reason == std::strerror(ENAMETOOLONG));
    CHECK(listing.unreadable[0].relative_path.starts_with(name + "/" + name));
    const std::string described = describe_unreadable(listing.unreadable);
    CHECK_THAT(described, Catch::Contains("characters): File name too long"));
    CHECK(described.size() < 300);
    CHECK(list_directory(dir.path() / "absent").unreadable.empty());
}

TEST_CASE("list_files: a symbolic link to a directory is not followed", TEST_GROUP) {
    TempDir dir;
    const auto outputs = dir.path() / "outputs";
    std::filesystem::create_directories(outputs);
    std::filesystem::create_directories(dir.path() / "elsewhere");
    write_text(dir.path() / "elsewhere" / "secret.dat", "s");
    std::filesystem::create_directory_symlink(dir.path() / "elsewhere", outputs / "link");
    write_text(outputs / "a.dat", "a");
    CHECK(list_files(outputs) == nlohmann::json::array({"a.dat"}));
    CHECK(list_files(dir.path() / "link-to-outputs").empty());
    std::filesystem::create_directory_symlink(outputs, dir.path() / "link-to-outputs");
    CHECK(list_files(dir.path() / "link-to-outputs").empty());
}

TEST_CASE("read_regular_file: FIFOs and links read as absent without blocking, regular files are capped", TEST_GROUP) {
    TempDir dir;
    write_text(dir.path() / "plain", "0123456789");
    REQUIRE(::mkfifo((dir.path() / "fifo").c_str(), 0644) == 0);
    std::filesystem::create_symlink(dir.path() / "plain", dir.path() / "link");
    CHECK(read_regular_file(dir.path() / "plain", 4) == std::optional<std::string>("0123"));
    CHECK(read_regular_file(dir.path() / "plain", 4096) == std::optional<std::string>("0123456789"));
    CHECK_FALSE(read_regular_file(dir.path() / "fifo", 4096).has_value());
    CHECK_FALSE(read_regular_file(dir.path() / "link", 4096).has_value());
    CHECK_FALSE(read_regular_file(dir.path() / "absent", 4096).has_value());
}

TEST_CASE("write_regular_file: replaces or appends regular files, refuses FIFOs and links without blocking", TEST_GROUP) {
    TempDir dir;
    const auto plain = dir.path() / "plain";
    CHECK(write_regular_file(plain, "first\n", WriteMode::replace));
    CHECK(write_regular_file(plain, "second\n", WriteMode::append));
    CHECK(read_regular_file(plain, 4096) == std::optional<std::string>("first\nsecond\n"));
    CHECK(write_regular_file(plain, "third\n", WriteMode::replace));
    CHECK(read_regular_file(plain, 4096) == std::optional<std::string>("third\n"));
    REQUIRE(::mkfifo((dir.path() / "fifo").c_str(), 0644) == 0);
    CHECK_FALSE(write_regular_file(dir.path() / "fifo", "x", WriteMode::append));  // would block if opened blocking
    std::filesystem::create_symlink(plain, dir.path() / "link");
    CHECK_FALSE(write_regular_file(dir.path() / "link", "overwritten", WriteMode::replace));
    CHECK(read_regular_file(plain, 4096) == std::optional<std::string>("third\n"));  // the link's target is intact
}
