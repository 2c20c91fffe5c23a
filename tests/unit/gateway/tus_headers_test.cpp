// tus 1.0.0 header parsing; expected values are worked out by hand (RFC 4648 base64 examples,
// the specification's Upload-Metadata and Upload-Concat examples).
#include "gateway/datasets/file_join.hpp"
#include "gateway/datasets/tus_headers.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/router.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

using namespace plateau::gateway;

#define TEST_GROUP "[gateway][tus]"

TEST_CASE("tus: base64 as RFC 4648 section 10 gives it", TEST_GROUP) {
    const auto [plain, coded] = GENERATE(table<std::string, std::string>(
        {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}}));
    CHECK(base64_encode(plain) == coded);
    bool ok = false;
    CHECK(base64_decode(coded, ok) == plain);
    CHECK(ok);
    for (const char* bad : {"Zg=", "Z===", "Zm9v!A==", "Zg==Zg=="}) {
        (void)base64_decode(bad, ok);
        CHECK_FALSE(ok);
    }
}

TEST_CASE("tus: Upload-Metadata, the specification's example and errors", TEST_GROUP) {
    const auto m = parse_upload_metadata("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential");
    REQUIRE(m.size() == 2);
    CHECK(m[0] == std::pair<std::string, std::string>{"filename", "world_domination_plan.pdf"});
    CHECK(m[1] == std::pair<std::string, std::string>{"is_confidential", ""});
    CHECK(metadata_name(m) == "world_domination_plan.pdf");
    CHECK(parse_upload_metadata("").empty());
    CHECK_THROWS_AS(parse_upload_metadata("a Zg==,a Zg=="), HttpError);  // repeated key
    CHECK_THROWS_AS(parse_upload_metadata("a !!!!"), HttpError);         // not base64
    CHECK_THROWS_AS(parse_upload_metadata(",a Zg=="), HttpError);        // empty key
}

TEST_CASE("tus: Upload-Checksum algorithms and digest lengths", TEST_GROUP) {
    // sha1("") = da39a3ee...; its base64 is "2jmj7l5rSw0yVb/vlWAYkK/YBwk=".
    const auto c = parse_upload_checksum("sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
    CHECK(c.algorithm == "sha1");
    CHECK(c.digest.size() == 20);
    CHECK(static_cast<unsigned char>(c.digest[0]) == 0xda);
    CHECK_THROWS_WITH(parse_upload_checksum("md5 1B2M2Y8AsgTpgAmY7PhCfg=="), Catch::Contains("not supported"));
    CHECK_THROWS_AS(parse_upload_checksum("sha256 2jmj7l5rSw0yVb/vlWAYkK/YBwk="), HttpError);  // 20 bytes for sha256
    CHECK_THROWS_AS(parse_upload_checksum("sha1"), HttpError);
}

TEST_CASE("tus: Upload-Concat partial and final (paths and absolute URLs)", TEST_GROUP) {
    CHECK(parse_upload_concat("partial").kind == UploadConcat::Kind::partial);
    const auto f = parse_upload_concat("final;/api/v1/uploads/a1 http://h:1/api/v1/uploads/b2/");
    CHECK(f.kind == UploadConcat::Kind::final);
    CHECK(f.parts == std::vector<std::string>{"a1", "b2"});
    CHECK_THROWS_AS(parse_upload_concat("final;"), HttpError);
    CHECK_THROWS_AS(parse_upload_concat("final;/jobs/1"), HttpError);
    CHECK_THROWS_AS(parse_upload_concat("whole"), HttpError);
}

TEST_CASE("tus: numbers are plain decimals", TEST_GROUP) {
    CHECK(parse_tus_number("Upload-Offset", "0") == 0);
    CHECK(parse_tus_number("Upload-Offset", "123456789012") == 123456789012ULL);
    for (const char* bad : {"", "-1", "+1", "1e3", " 1", "0x10", "1234567890123456789"})
        CHECK_THROWS_AS(parse_tus_number("Upload-Offset", bad), HttpError);
}

TEST_CASE("tus: the routes under /api/v1", TEST_GROUP) {
    CHECK(match_route("OPTIONS", "/api/v1/uploads").id == RouteId::tus_options);
    CHECK(match_route("POST", "/api/v1/uploads").id == RouteId::tus_create);
    CHECK(match_route("HEAD", "/api/v1/uploads/ab").id == RouteId::tus_head);
    CHECK(match_route("PATCH", "/api/v1/uploads/ab").id == RouteId::tus_patch);
    CHECK(match_route("DELETE", "/api/v1/uploads/ab").id == RouteId::tus_delete);
    CHECK(match_route("GET", "/api/v1/uploads/ab").id == RouteId::method_not_allowed);
    CHECK(match_route("GET", "/api/v1/datasets/ab/content").id == RouteId::dataset_content);
    CHECK(match_route("HEAD", "/api/v1/datasets/ab/content").id == RouteId::dataset_content);
}

TEST_CASE("tus: joining files keeps every byte in order, whatever method the file system allows", TEST_GROUP) {
    char name_out[] = "/tmp/plateau-join-XXXXXX";
    char name_in[] = "/tmp/plateau-join-XXXXXX";
    const int out = ::mkstemp(name_out);
    const int in = ::mkstemp(name_in);
    REQUIRE((out >= 0 && in >= 0));
    std::string part(100000, '\0');
    for (std::size_t i = 0; i < part.size(); ++i) part[i] = static_cast<char>(i * 7 + 3);
    REQUIRE(::write(in, part.data(), part.size()) == static_cast<ssize_t>(part.size()));
    (void)append_file(out, 0, in, part.size(), "test");
    (void)append_file(out, part.size(), in, 1234, "test");  // an unaligned offset: not a clone
    std::string got(part.size() + 1234, '\0');
    CHECK(::pread(out, got.data(), got.size(), 0) == static_cast<ssize_t>(got.size()));
    CHECK(got == part + part.substr(0, 1234));
    ::close(out);
    ::close(in);
    std::remove(name_out);
    std::remove(name_in);
}
