#include "gateway/auth.hpp"
#include "gateway/byte_range.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/query.hpp"

#include <catch2/catch.hpp>

using namespace plateau::gateway;

#define TEST_GROUP "[gateway][http]"

TEST_CASE("query: parameters as Pulsar's client sends them", TEST_GROUP) {
    const auto q = QueryParams::parse("command_line=cat+%27a+b%27+%3E+out&params=%7B%7D&flag&x=1&x=2&private_token=t");
    CHECK(q.get("command_line") == "cat 'a b' > out");
    CHECK(q.get("params") == "{}");
    CHECK(q.get("flag") == "");
    CHECK(q.get("x") == "2");  // last value wins, as webob's MultiDict.get
    CHECK(q.get("missing", "dflt") == "dflt");
    CHECK_THROWS_AS(q.require("missing"), HttpError);
    CHECK(q.get_int("x") == 2);
    CHECK_THROWS_AS(q.get_int("params"), HttpError);
    CHECK_THROWS_AS(QueryParams::parse("a=%zz"), HttpError);
    CHECK(split_uri("/jobs/1/status?x=1#frag").path == "/jobs/1/status");
    CHECK(split_uri("/jobs/1/status?x=1#frag").query == "x=1");
    CHECK(split_uri("/healthz").query.empty());
}

TEST_CASE("byte_range: single ranges, suffixes, unsatisfiable, ignored", TEST_GROUP) {
    using K = RangeRequest::Kind;
    auto r = parse_range("bytes=0-499", 1000);
    CHECK((r.kind == K::partial && r.first == 0 && r.last == 499));
    r = parse_range("bytes=500-", 1000);
    CHECK((r.kind == K::partial && r.first == 500 && r.last == 999));
    r = parse_range("bytes=-100", 1000);
    CHECK((r.kind == K::partial && r.first == 900 && r.last == 999));
    r = parse_range("bytes=-5000", 1000);
    CHECK((r.kind == K::partial && r.first == 0));
    r = parse_range("bytes=900-5000", 1000);
    CHECK((r.kind == K::partial && r.last == 999));
    CHECK(parse_range("bytes=1000-", 1000).kind == K::unsatisfiable);
    CHECK(parse_range("bytes=-0", 1000).kind == K::unsatisfiable);
    CHECK(parse_range("bytes=0-", 0).kind == K::unsatisfiable);
    CHECK(parse_range("bytes=0-1,5-6", 1000).kind == K::whole);
    CHECK(parse_range("bytes=5-1", 1000).kind == K::whole);
    CHECK(parse_range("items=0-1", 1000).kind == K::whole);
    CHECK(parse_range("bytes=a-b", 1000).kind == K::whole);
    CHECK(parse_range("", 1000).kind == K::whole);
}

TEST_CASE("auth: constant-time comparison and token lookup", TEST_GROUP) {
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
    std::vector<TokenIdentity> tokens{{"galaxy", "core", token_digest("s3cret")}, {"lab", "lab_a", token_digest("other")}};
    REQUIRE(find_token(tokens, "s3cret") != nullptr);
    CHECK(find_token(tokens, "s3cret")->name == "galaxy");
    CHECK(find_token(tokens, "other")->group == "lab_a");
    CHECK(find_token(tokens, "s3cre") == nullptr);
    CHECK(find_token(tokens, "") == nullptr);
    const std::string query = "q";
    CHECK(presented_token(&query, "Bearer h", "x") == "q");
    CHECK(presented_token(nullptr, "Bearer h", "x") == "h");
    CHECK(presented_token(nullptr, "Basic h", "x") == "x");
    CHECK(presented_token(nullptr, "", "").empty());
}

TEST_CASE("http_errors: one mapping from ErrorCode to status", TEST_GROUP) {
    CHECK(http_status(plateau::ErrorCode::InvalidInput) == 400);
    CHECK(http_status(plateau::ErrorCode::Io) == 500);
    CHECK(http_status(plateau::ErrorCode::Unsupported) == 501);
    CHECK(http_status(plateau::ErrorCode::ResourceExhausted) == 503);
    CHECK(http_status(plateau::ErrorCode::Internal) == 500);
    CHECK(HttpError(404, "unknown_job", "x").status() == 404);
}
