#include "gateway/http/chunked_decoder.hpp"
#include "gateway/http_errors.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace plateau::gateway;
using namespace plateau::gateway::http;

#define TEST_GROUP "[gateway][http][chunked_decoder]"

namespace {

struct Decoded {
    std::string data;
    bool done = false;
    std::size_t consumed = 0;
    int status = 0;  // HttpError status, 0 if none
};

// Feeds `input` in pieces of `piece` bytes into an output of `room` bytes at a time.
Decoded decode(const std::string& input, std::size_t piece = 1 << 20, std::size_t room = 1 << 20) {
    ChunkedDecoder decoder;
    Decoded out;
    std::string buffer(room, '\0');
    try {
        std::size_t at = 0;
        while (at < input.size() && !decoder.done()) {
            const std::string_view window = std::string_view(input).substr(at, piece);
            const auto step = decoder.decode(window, buffer.data(), buffer.size());
            out.data.append(buffer.data(), step.produced);
            at += step.consumed;
            REQUIRE((step.consumed > 0 || step.produced > 0));
        }
        out.consumed = at;
    } catch (const HttpError& e) {
        out.status = e.status();
    }
    out.done = decoder.done();
    return out;
}

}  // namespace

TEST_CASE("chunked_decoder: a well-formed body decodes the same whatever the read sizes", TEST_GROUP) {
    const std::string body = "3\r\nabc\r\nA;name=value\r\n0123456789\r\n1 ; x\r\nZ\r\n0\r\nTrailer: t\r\n\r\nNEXT";
    const auto piece = GENERATE(1, 2, 3, 7, 1000);
    const auto room = GENERATE(1, 4, 1000);
    CAPTURE(piece, room);
    const auto out = decode(body, static_cast<std::size_t>(piece), static_cast<std::size_t>(room));
    CHECK(out.status == 0);
    CHECK(out.done);
    CHECK(out.data == "abc0123456789Z");
    CHECK(out.consumed == body.size() - 4);  // stops before the next request
}

TEST_CASE("chunked_decoder: bare LF line ends and an empty body", TEST_GROUP) {
    CHECK(decode("2\nhi\n0\n\n").data == "hi");
    CHECK(decode("2\nhi\n0\n\n").done);
    CHECK(decode("0\r\n\r\n").done);
    CHECK(decode("0\r\n\r\n").data.empty());
}

TEST_CASE("chunked_decoder: a cut-off body is never done", TEST_GROUP) {
    for (const std::string cut : {"", "5", "5\r\n", "5\r\nhel", "5\r\nhello", "5\r\nhello\r\n", "5\r\nhello\r\n0\r\n",
                                  "5\r\nhello\r\n0\r\nX: y\r\n"}) {
        CAPTURE(cut);
        const auto out = decode(cut);
        CHECK(out.status == 0);
        CHECK_FALSE(out.done);
    }
}

TEST_CASE("chunked_decoder: malformed sizes and framing are 400", TEST_GROUP) {
    const auto input = GENERATE(as<std::string>{}, "zz\r\nab\r\n0\r\n\r\n", "-5\r\nhello\r\n0\r\n\r\n",
                                "ffffffffffffffff\r\n", "1000000000000000\r\n", "\r\nab\r\n", "0x5\r\nhello\r\n",
                                "5 5\r\nhello\r\n", "3\r\nhello\r\n0\r\n\r\n", "3\r\nabcX\r\n", "3\r\nabc\rX",
                                "3\rX", "0\r\nX: y\rZ");
    CAPTURE(input);
    CHECK(decode(input).status == 400);
}

TEST_CASE("chunked_decoder: the largest size accepted is 15 hex digits", TEST_GROUP) {
    ChunkedDecoder decoder;
    char out[4];
    const auto step = decoder.decode("fffffffffffffff\r\nabcd", out, sizeof out);
    CHECK(step.produced == 4);
    CHECK_FALSE(decoder.done());
}
