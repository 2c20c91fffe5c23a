// SHA-256 through OpenSSL's EVP interface, used for upload checksums and token digests.
// (Poco::Crypto::DigestEngine is not used: in Poco 1.11 every engine takes and releases the
// library-wide OpenSSLInitializer, and concurrent release races and aborts the process.)
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace plateau::gateway {

class Sha256 {
public:
    Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    ~Sha256();

    void update(const void* data, std::size_t size);
    // The 32-byte digest; the object may not be updated afterwards.
    [[nodiscard]] std::string finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

[[nodiscard]] std::string sha256(std::string_view data);  // raw 32 bytes
[[nodiscard]] std::string to_hex(std::string_view bytes);

}  // namespace plateau::gateway
