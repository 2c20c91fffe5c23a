// SHA-1 and SHA-256 through OpenSSL's EVP interface: upload checksums (tus Upload-Checksum, staged
// files) and token digests.
// (Poco::Crypto::DigestEngine is not used: in Poco 1.11 every engine takes and releases the
// library-wide OpenSSLInitializer, and concurrent release races and aborts the process.)
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace plateau::gateway {

class MessageDigest {
public:
    explicit MessageDigest(std::string_view algorithm);  // "sha1"; anything else is SHA-256
    MessageDigest(const MessageDigest&) = delete;
    MessageDigest& operator=(const MessageDigest&) = delete;
    MessageDigest(MessageDigest&&) noexcept;
    MessageDigest& operator=(MessageDigest&&) noexcept;
    ~MessageDigest();

    void update(const void* data, std::size_t size);
    // The raw digest (20 or 32 bytes); the object may not be updated afterwards.
    [[nodiscard]] std::string finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

class Sha256 : public MessageDigest {
public:
    Sha256() : MessageDigest("sha256") {}
};

[[nodiscard]] std::string sha256(std::string_view data);  // raw 32 bytes
[[nodiscard]] std::string to_hex(std::string_view bytes);

}  // namespace plateau::gateway
