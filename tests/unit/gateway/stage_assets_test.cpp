// The staging page's files compiled into the gateway (cmake/EmbedStagePage.cmake): found only by
// exact name, typed by extension, ETag = the quoted SHA-256 of the bytes (CMake's digest checked
// with OpenSSL's).
#include "gateway/sha256.hpp"
#include "gateway/stage_assets.hpp"

#include <catch2/catch.hpp>

#include <string>

#define TEST_GROUP "[gateway][stage_page]"

using plateau::gateway::find_stage_asset;
using plateau::gateway::stage_assets;

TEST_CASE("stage assets: the page's files, typed, with their SHA-256 as ETag", TEST_GROUP) {
    REQUIRE(stage_assets().size() >= 3);
    for (const auto& a : stage_assets()) {
        CAPTURE(a.name);
        CHECK(a.name.find('/') == std::string_view::npos);
        CHECK(!a.body.empty());
        const std::string ext(a.name.substr(a.name.rfind('.') + 1));
        const std::string type(a.content_type);
        const char* want = ext == "html"  ? "text/html; charset=utf-8"
                           : ext == "js"  ? "text/javascript; charset=utf-8"
                           : ext == "css" ? "text/css; charset=utf-8"
                                          : "image/svg+xml";
        CHECK(type == want);
        CHECK(a.etag == "\"" + plateau::gateway::to_hex(plateau::gateway::sha256(a.body)) + "\"");
        CHECK(find_stage_asset(a.name) == &a);
    }
}

TEST_CASE("stage assets: the index for an empty name, nothing for anything but a file name", TEST_GROUP) {
    REQUIRE(find_stage_asset("") != nullptr);
    CHECK(find_stage_asset("")->name == "index.html");
    CHECK(find_stage_asset("index.html")->body.starts_with("<!DOCTYPE html>"));
    for (const char* name : {"..", "../index.html", "./index.html", "/index.html", "index.html/", "INDEX.HTML",
                             "%2e%2e", "stage_assets.cpp", "CMakeLists.txt"}) {
        CAPTURE(name);
        CHECK(find_stage_asset(name) == nullptr);
    }
    CHECK(find_stage_asset(std::string_view("index.html\0", 11)) == nullptr);
}
