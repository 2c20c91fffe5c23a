// SHA-256 (OpenSSL's EVP interface): streaming, hex for datasets, base64 for Upload-Checksum.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>

namespace plateau::stage {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    [[nodiscard]] std::array<unsigned char, 32> digest();  // ends the hash
    [[nodiscard]] std::string hex();                       // ends the hash

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

[[nodiscard]] std::string base64(const unsigned char* data, std::size_t size);
// "sha256 <base64 of the digest>", the value of tus's Upload-Checksum for these bytes.
[[nodiscard]] std::string upload_checksum(const void* data, std::size_t size);
// The hex SHA-256 of a whole file, read in large blocks; throws Io naming the file.
[[nodiscard]] std::string sha256_file(const std::string& path);

}  // namespace plateau::stage
