#include "gateway/http/request_head.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/test_support.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <string>

using namespace plateau::gateway;
using namespace plateau::gateway::http;
using plateau::gateway::test::status_of;

#define TEST_GROUP "[gateway][http][request_head]"

namespace {


RequestHead head(const std::string& text) { return parse_head(text, HeadLimits{}); }

int framing_status(const std::string& fields) {
    return status_of([&] { (void)body_framing(head("POST /x HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n")); });
}

}  // namespace

TEST_CASE("request_head: the end of a head is found across reads, with CRLF or bare LF", TEST_GROUP) {
    const std::string text = "GET / HTTP/1.1\r\nHost: h\r\n\r\nBODY";
    CHECK(find_head_end(text) == text.size() - 4);
    CHECK(!find_head_end("GET / HTTP/1.1\r\nHost: h\r\n\r").has_value());
    CHECK(find_head_end("GET / HTTP/1.1\nHost: h\n\nX") == std::optional<std::size_t>(24));
    // Resuming from where an earlier, shorter buffer stopped still finds a terminator split by it.
    CHECK(find_head_end(text, 26) == text.size() - 4);
}

TEST_CASE("request_head: request line, fields and version are parsed", TEST_GROUP) {
    const auto h = head("POST /jobs/1/submit?a=b%20c HTTP/1.0\r\nHost: h\r\nX-Empty:\r\nContent-Length:  5 \r\n\r\n");
    CHECK(h.method == "POST");
    CHECK(h.target == "/jobs/1/submit?a=b%20c");
    CHECK(h.minor_version == 0);
    REQUIRE(h.values("content-length").size() == 1);
    CHECK(h.values("content-length")[0] == "5");
    CHECK(h.values("x-empty")[0].empty());
}

TEST_CASE("request_head: malformed heads are 400, versions other than 1.x 505", TEST_GROUP) {
    const auto row = GENERATE(table<std::string, int>({
        {"GET /\r\nHost: h\r\n\r\n", 400},
        {"GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400},
        {"G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
        {"GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505},
        {"GET / HTTX/1.1\r\nHost: h\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\nGood: yes\r\n\r\n", 0},
        {"GET / HTTP/1.0\r\n\r\n", 0},
    }));
    CAPTURE(std::get<0>(row));
    CHECK(status_of([&] { (void)head(std::get<0>(row)); }) == std::get<1>(row));
}

TEST_CASE("request_head: limits give 414 for the request line and 431 for the fields", TEST_GROUP) {
    HeadLimits limits;
    limits.max_request_line = 100;
    limits.max_field_line = 50;
    limits.max_fields_bytes = 120;
    limits.max_fields = 3;
    auto status = [&](const std::string& text) { return status_of([&] { (void)parse_head(text, limits); }); };
    CHECK(status("GET /" + std::string(86, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n") == 0);  // exactly 100 bytes
    CHECK(status("GET /" + std::string(87, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n") == 414);
    CHECK(status("GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(60, 'v') + "\r\n\r\n") == 431);
    CHECK(status("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n") == 431);
    // An incomplete head is refused as soon as it cannot fit any more.
    CHECK(status_of([&] { check_partial_head(std::string(101, 'a'), limits); }) == 0);
    CHECK(status_of([&] { check_partial_head(std::string(102, 'a'), limits); }) == 414);
    CHECK(status_of([&] { check_partial_head("GET / HTTP/1.1\r\n" + std::string(123, 'f'), limits); }) == 431);
}

TEST_CASE("request_head: body framing follows RFC 9112 section 6", TEST_GROUP) {
    CHECK(body_framing(head("GET / HTTP/1.1\r\nHost: h\r\n\r\n")).kind == BodyFraming::Kind::none);
    const auto length = body_framing(head("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 42\r\n\r\n"));
    CHECK((length.kind == BodyFraming::Kind::length && length.length == 42));
    CHECK(body_framing(head("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n")).kind ==
          BodyFraming::Kind::chunked);
    CHECK(body_framing(head("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\nContent-Length: 7, 7\r\n\r\n")).length == 7);
    CHECK(body_framing(head("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9223372036854775807\r\n\r\n")).length ==
          9223372036854775807ULL);
    const auto row = GENERATE(table<std::string, int>({
        {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400},
        {"Transfer-Encoding: xchunked\r\n", 400},
        {"Transfer-Encoding: chunked, identity\r\n", 400},
        {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400},
        {"Transfer-Encoding: gzip, chunked\r\n", 501},
        {"Transfer-Encoding: \r\n", 400},
        {"Content-Length: 3\r\nContent-Length: 4\r\n", 400},
        {"Content-Length: abc\r\n", 400},
        {"Content-Length: 1e3\r\n", 400},
        {"Content-Length: -1\r\n", 400},
        {"Content-Length: +1\r\n", 400},
        {"Content-Length: 0x10\r\n", 400},
        {"Content-Length: 9223372036854775808\r\n", 400},
        {"Content-Length: 99999999999999999999\r\n", 400},
        {"Content-Length: \r\n", 400},
    }));
    CAPTURE(std::get<0>(row));
    CHECK(framing_status(std::get<0>(row)) == std::get<1>(row));
    CHECK(status_of([] { (void)body_framing(head("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")); }) == 400);
}

TEST_CASE("request_head: keep-alive and 100-continue", TEST_GROUP) {
    CHECK(client_keeps_alive(head("GET / HTTP/1.1\r\nHost: h\r\n\r\n")));
    CHECK_FALSE(client_keeps_alive(head("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n")));
    CHECK_FALSE(client_keeps_alive(head("GET / HTTP/1.0\r\n\r\n")));
    CHECK(client_keeps_alive(head("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")));
    CHECK(expects_continue(head("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n\r\n")));
    CHECK_FALSE(expects_continue(head("POST / HTTP/1.1\r\nHost: h\r\n\r\n")));
}
