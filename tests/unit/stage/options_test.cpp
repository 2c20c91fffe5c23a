#include "core/error.hpp"
#include "stage/api.hpp"
#include "stage/http_client.hpp"
#include "stage/sha256.hpp"

#include <catch2/catch.hpp>

using namespace plateau::stage;

#define TEST_GROUP "[stage][options]"

TEST_CASE("stage options: --url is split into scheme, host, port and prefix", TEST_GROUP) {
    auto e = parse_endpoint("http://127.0.0.1:8913");
    CHECK((!e.https && e.host == "127.0.0.1" && e.port == 8913 && e.prefix.empty()));
    e = parse_endpoint("https://gw.example.org/plateau/");
    CHECK((e.https && e.host == "gw.example.org" && e.port == 443 && e.prefix == "/plateau"));
    e = parse_endpoint("http://[::1]:80/");
    CHECK((e.host == "::1" && e.port == 80));
    CHECK_THROWS_WITH(parse_endpoint("ftp://x"), Catch::Contains("--url"));
    CHECK_THROWS_WITH(parse_endpoint("http://h:0"), Catch::Contains("1 to 65535"));
    CHECK_THROWS_WITH(parse_endpoint("http://h:99999"), Catch::Contains("1 to 65535"));
    CHECK_THROWS_WITH(parse_endpoint("http://:80"), Catch::Contains("no host"));
}

TEST_CASE("stage options: sizes with binary suffixes", TEST_GROUP) {
    CHECK(parse_size("--part-size", "4096") == 4096);
    CHECK(parse_size("--part-size", "64M") == 64ull << 20);
    CHECK(parse_size("--part-size", "1.5G") == 3ull << 29);
    CHECK(parse_size("--part-size", "2t") == 2ull << 40);
    CHECK_THROWS_WITH(parse_size("--part-size", "12Q"), Catch::Contains("--part-size '12Q'"));
    CHECK_THROWS_WITH(parse_size("--part-size", "-1"), Catch::Contains("not a size"));
    CHECK_THROWS_WITH(parse_size("--part-size", ""), Catch::Contains("not a size"));
}

TEST_CASE("stage options: validate() names the flag and its range", TEST_GROUP) {
    UploadOptions u;
    u.inputs = {"x"};
    u.parallel = 0;
    CHECK_THROWS_WITH(validate(u), Catch::Contains("--parallel 0 must be 1 to 64"));
    u.parallel = 4;
    u.part_size = 1000;
    CHECK_THROWS_WITH(validate(u), Catch::Contains("--part-size"));
    u.part_size = 0;
    u.name_prefix = "../x";
    CHECK_THROWS_WITH(validate(u), Catch::Contains("--name-prefix"));
    ServerOptions s;
    s.url = "http://h:1";
    CHECK_THROWS_WITH(validate(s), Catch::Contains("--token"));
}

TEST_CASE("stage sha256: base64 and Upload-Checksum match Python's hashlib/base64", TEST_GROUP) {
    // base64.b64encode(hashlib.sha256(b"abc").digest())
    CHECK(upload_checksum("abc", 3) == "sha256 ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    CHECK(base64(reinterpret_cast<const unsigned char*>("a"), 1) == "YQ==");
    CHECK(base64(reinterpret_cast<const unsigned char*>("ab"), 2) == "YWI=");
    CHECK(base64(reinterpret_cast<const unsigned char*>("run42/a b.txt"), 13) == "cnVuNDIvYSBiLnR4dA==");
}

TEST_CASE("stage http: a Location is requested under the --url prefix", TEST_GROUP) {
    ServerOptions s;
    s.url = "https://gw.example.org/plateau";
    s.token = "t";
    RateLimiter limiter(0);
    HttpClient http(s, limiter);
    CHECK(http.path_of("/api/v1/uploads/x") == "/plateau/api/v1/uploads/x");
    CHECK(http.path_of("/plateau/api/v1/uploads/x") == "/plateau/api/v1/uploads/x");
    CHECK(http.path_of("https://gw.example.org/plateau/api/v1/uploads/x") == "/plateau/api/v1/uploads/x");
}
