#include "stage/sha256.hpp"

#include "core/error.hpp"
#include "core/io/unique_fd.hpp"

#include <openssl/evp.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace plateau::stage {

struct Sha256::Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>()) {
    if (m_context->ctx == nullptr || EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, "cannot initialise SHA-256 (OpenSSL)");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(m_context->ctx, data, size) != 1) throw Error(ErrorCode::Internal, "SHA-256 update failed");
}

std::array<unsigned char, 32> Sha256::digest() {
    std::array<unsigned char, 32> out{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context->ctx, out.data(), &length) != 1 || length != out.size())
        throw Error(ErrorCode::Internal, "SHA-256 final failed");
    return out;
}

std::string Sha256::hex() {
    static constexpr char k_digits[] = "0123456789abcdef";
    const auto d = digest();
    std::string out;
    for (unsigned char c : d) {
        out.push_back(k_digits[c >> 4]);
        out.push_back(k_digits[c & 15]);
    }
    return out;
}

std::string base64(const unsigned char* data, std::size_t size) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < size; i += 3) {
        const unsigned v = (unsigned(data[i]) << 16) | (i + 1 < size ? unsigned(data[i + 1]) << 8 : 0u) |
                           (i + 2 < size ? unsigned(data[i + 2]) : 0u);
        out.push_back(k_alphabet[(v >> 18) & 63]);
        out.push_back(k_alphabet[(v >> 12) & 63]);
        out.push_back(i + 1 < size ? k_alphabet[(v >> 6) & 63] : '=');
        out.push_back(i + 2 < size ? k_alphabet[v & 63] : '=');
    }
    return out;
}

std::string upload_checksum(const void* data, std::size_t size) {
    Sha256 sha;
    sha.update(data, size);
    const auto d = sha.digest();
    return "sha256 " + base64(d.data(), d.size());
}

std::string sha256_file(const std::string& path) {
    core::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) throw_io_error(path + ": cannot open: " + std::strerror(errno));
    (void)::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    Sha256 sha;
    std::vector<char> buffer(4 << 20);
    while (true) {
        const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw_io_error(path + ": read failed: " + std::strerror(errno));
        if (got == 0) break;
        sha.update(buffer.data(), static_cast<std::size_t>(got));
    }
    return sha.hex();
}

}  // namespace plateau::stage
