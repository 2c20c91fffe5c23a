// PNG encoding, decoded independently by Python's zlib (CRCs, the zlib stream and every pixel).
#include "core/report/png.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

TEST_CASE("png::encode_gray: Python's zlib checks the chunks' CRCs and reads every pixel back", "[png]") {
    plateau::test::TempDir dir;
    const int w = 300, h = 260;  // 78,260 bytes of rows: two stored deflate blocks
    std::vector<std::uint8_t> pixels(std::size_t(w) * h);
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = std::uint8_t((i * 31 + i / w) % 256);
    plateau::test::write_text(dir.file("a.png"), plateau::core::png::encode_gray(w, h, pixels));
    const std::string script =
        "import struct, zlib\n"
        "b = open('" + dir.file("a.png") + "', 'rb').read()\n"
        "assert b[:8] == b'\\x89PNG\\r\\n\\x1a\\n'\n"
        "pos, chunks = 8, {}\n"
        "while pos < len(b):\n"
        "    n, = struct.unpack('>I', b[pos:pos+4]); t = b[pos+4:pos+8]; d = b[pos+8:pos+8+n]\n"
        "    assert struct.unpack('>I', b[pos+8+n:pos+12+n])[0] == zlib.crc32(t + d), t\n"
        "    chunks[t] = d; pos += 12 + n\n"
        "w, h, depth, colour, c, f, i = struct.unpack('>IIBBBBB', chunks[b'IHDR'])\n"
        "raw = zlib.decompress(chunks[b'IDAT'])\n"
        "rows = [raw[y*(w+1):(y+1)*(w+1)] for y in range(h)]\n"
        "assert all(r[0] == 0 for r in rows)\n"
        "px = b''.join(r[1:] for r in rows)\n"
        "ok = all(px[k] == (k * 31 + k // w) % 256 for k in range(w * h))\n"
        "print(w, h, depth, colour, sorted(chunks), ok)\n";
    std::string quoted = "'";
    for (char c : script) quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    FILE* pipe = ::popen(("/usr/bin/python3 -c " + quoted + "' 2>&1").c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
    CHECK(::pclose(pipe) == 0);
    CHECK(out == "300 260 8 0 [b'IDAT', b'IEND', b'IHDR'] True\n");
}

TEST_CASE("png::to_gray and data_uri", "[png]") {
    const float v[4] = {-1.f, 0.f, 1.f, 1.f};
    CHECK(plateau::core::png::to_gray(v, 4) == std::vector<std::uint8_t>{0, 128, 255, 255});
    CHECK(plateau::core::png::to_gray(v + 2, 2) == std::vector<std::uint8_t>{128, 128});
    // RFC 4648 test vectors.
    CHECK(plateau::core::png::data_uri("foob") == "data:image/png;base64,Zm9vYg==");
    CHECK(plateau::core::png::data_uri("fooba") == "data:image/png;base64,Zm9vYmE=");
    CHECK(plateau::core::png::data_uri("foobar") == "data:image/png;base64,Zm9vYmFy");
}
