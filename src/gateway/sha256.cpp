#include "gateway/sha256.hpp"

#include "core/error.hpp"

#include <openssl/evp.h>

namespace plateau::gateway {

struct MessageDigest::Impl {
    EVP_MD_CTX* ctx = nullptr;
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

MessageDigest::MessageDigest(std::string_view algorithm) : m_impl(std::make_unique<Impl>()) {
    const EVP_MD* md = algorithm == "sha1" ? EVP_sha1() : EVP_sha256();
    m_impl->ctx = EVP_MD_CTX_new();
    if (m_impl->ctx == nullptr || EVP_DigestInit_ex(m_impl->ctx, md, nullptr) != 1)
        throw Error(ErrorCode::Internal, "OpenSSL: cannot initialise " + std::string(algorithm));
}

MessageDigest::MessageDigest(MessageDigest&&) noexcept = default;
MessageDigest& MessageDigest::operator=(MessageDigest&&) noexcept = default;
MessageDigest::~MessageDigest() = default;

void MessageDigest::update(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(m_impl->ctx, data, size) != 1) throw Error(ErrorCode::Internal, "OpenSSL: digest update failed");
}

std::string MessageDigest::finish() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(m_impl->ctx, digest, &size) != 1) throw Error(ErrorCode::Internal, "OpenSSL: digest failed");
    return {reinterpret_cast<const char*>(digest), size};
}

std::string sha256(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, "OpenSSL: SHA-256 failed");
    return {reinterpret_cast<const char*>(digest), size};
}

std::string to_hex(std::string_view bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(k_digits[c >> 4]);
        out.push_back(k_digits[c & 15]);
    }
    return out;
}

}  // namespace plateau::gateway
