#include "gateway/http_errors.hpp"
#include "gateway/job_layout.hpp"
#include "gateway/path_guard.hpp"
#include "gateway/staging.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace plateau::gateway;
using plateau::gateway::test::TempDir;
using plateau::gateway::test::status_of;

#define TEST_GROUP "[gateway][path_guard]"

TEST_CASE("path_guard: names that stay inside", TEST_GROUP) {
    CHECK(checked_components("a", true) == std::vector<std::string>{"a"});
    CHECK(checked_components("a/b/c.txt", true) == std::vector<std::string>{"a", "b", "c.txt"});
    CHECK(checked_components("./a//b/", true) == std::vector<std::string>{"a", "b"});
    CHECK(checked_components("deep/path/cfg.xml", false) == std::vector<std::string>{"cfg.xml"});
    CHECK(checked_components("..hidden", true) == std::vector<std::string>{"..hidden"});
    CHECK(checked_components("a..b", true) == std::vector<std::string>{"a..b"});
}

TEST_CASE("path_guard: traversal and odd names are rejected", TEST_GROUP) {
    const std::string name = GENERATE(as<std::string>{}, "", "/", "/etc/passwd", "..", "../x", "a/../../x", "a/..",
                                      "./..", "x/./../..", "a\\b", std::string("a\0b", 3), "tab\tname", "new\nline",
                                      "\x7f", std::string(256, 'x'), std::string(4097, 'a'), ".", "./", "//");
    const bool nested = GENERATE(true, false);
    CAPTURE(name, nested);
    CHECK(status_of([&] { (void)checked_components(name, nested); }) == 400);
}

TEST_CASE("job_layout: type to directory, as Pulsar's TYPES_TO_METHOD", TEST_GROUP) {
    CHECK(upload_rule("input")->subdir == "inputs");
    CHECK(upload_rule("tool")->subdir == "tool_files");
    CHECK(upload_rule("config")->subdir == "configs");
    CHECK_FALSE(upload_rule("config")->nested);
    CHECK(upload_rule("workdir")->subdir == "working");
    CHECK_FALSE(upload_rule("workdir")->nested);
    CHECK(upload_rule("output_workdir")->subdir == "working");
    CHECK(upload_rule("metadata")->subdir == "metadata");
    CHECK(upload_rule("unstructured")->subdir == "unstructured");
    CHECK(upload_rule("output")->subdir == "outputs");
    CHECK(upload_rule("jobdir")->subdir.empty());
    CHECK_FALSE(upload_rule("bogus"));
    CHECK(download_rule("output_workdir").subdir == "working");
    CHECK(download_rule("output_metadata").subdir == "metadata");
    CHECK(download_rule("output").subdir == "outputs");
    CHECK(download_rule("output_jobdir").subdir == "outputs");  // Pulsar's fall-through
}

TEST_CASE("job_layout: job ids", TEST_GROUP) {
    for (const char* ok : {"1", "42_3", "a-b.c", "0f8e2c1a-uuid"}) CHECK_NOTHROW(validate_job_id(ok));
    for (const std::string& bad : std::vector<std::string>{"", ".", "..", "a/b", "a b", "x;y", std::string(129, '1'), std::string("a\0", 2)}) {
        CAPTURE(bad);
        CHECK(status_of([&] { validate_job_id(bad); }) == 400);
    }
}

TEST_CASE("path_guard: symbolic links out of the job directory are refused", TEST_GROUP) {
    TempDir dir;
    const auto job = dir.path() / "job";
    create_job_directories(JobLayout{job});
    std::ofstream(dir.path() / "secret") << "secret";
    std::ofstream(job / "outputs" / "fine.txt") << "fine";
    std::filesystem::create_symlink(dir.path() / "secret", job / "outputs" / "out_link");
    std::filesystem::create_symlink("fine.txt", job / "outputs" / "in_link");
    std::filesystem::create_directory_symlink(dir.path(), job / "outputs" / "dir_link");
    const JobRoot root(job);
    CHECK(root.open_for_read("outputs", {"fine.txt"}).valid());
    CHECK(root.open_for_read("outputs", {"in_link"}).valid());
    CHECK(status_of([&] { (void)root.open_for_read("outputs", {"out_link"}); }) == 400);
    CHECK(status_of([&] { (void)root.open_for_read("outputs", {"dir_link", "secret"}); }) == 400);
    CHECK(status_of([&] { (void)root.open_for_read("outputs", {"missing"}); }) == 404);
    CHECK(status_of([&] { (void)root.open_parent("outputs", {"dir_link", "x"}, true); }) == 400);
    CHECK(status_of([] { JobRoot missing("/nonexistent/job"); }) == 404);
}

TEST_CASE("staging: upload is hashed, complete, and atomic", TEST_GROUP) {
    TempDir dir;
    const auto job = dir.path() / "job";
    create_job_directories(JobLayout{job});
    const JobRoot root(job);
    std::istringstream body("abc");
    const StagedFile f = stage_upload(root, "inputs", {"sub", "x.txt"}, stream_reader(body), {3, 0});
    CHECK(f.path == job / "inputs/sub/x.txt");
    CHECK(f.size == 3);
    CHECK(f.sha256_hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    std::istringstream short_body("abc");
    CHECK(status_of([&] { (void)stage_upload(root, "inputs", {"short.txt"}, stream_reader(short_body), {10, 0}); }) == 400);
    CHECK_FALSE(std::filesystem::exists(job / "inputs/short.txt"));
    std::istringstream big_body(std::string(100, 'x'));
    CHECK(status_of([&] { (void)stage_upload(root, "inputs", {"big.txt"}, stream_reader(big_body), {std::nullopt, 50}); }) == 413);
    CHECK_FALSE(std::filesystem::exists(job / "inputs/big.txt"));
    for (const auto& entry : std::filesystem::recursive_directory_iterator(job))
        CHECK_FALSE(entry.path().filename().string().starts_with(k_upload_temp_prefix));

    std::ofstream(job / "inputs" / (std::string(k_upload_temp_prefix) + "0123.part")) << "partial";
    CHECK(remove_stale_uploads(job) == 1);
}
