// SHA-256 through OpenSSL's SHA256_CTX, whose state is a plain struct that can be copied and
// saved (the EVP interface hides it). Deprecated in OpenSSL 3 but present and using the same
// accelerated code as EVP.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "gateway/datasets/digests.hpp"

#include "core/error.hpp"

#include <openssl/sha.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace plateau::gateway {
namespace {

// "PSH1", the struct size, then the struct.
constexpr std::string_view k_magic = "PSH1";

}  // namespace

struct ResumableSha256::State {
    SHA256_CTX ctx;
};

ResumableSha256::ResumableSha256() : m_state(std::make_unique<State>()) {
    if (SHA256_Init(&m_state->ctx) != 1) throw Error(ErrorCode::Internal, "OpenSSL: cannot initialise SHA-256");
}

ResumableSha256::ResumableSha256(const ResumableSha256& other) : m_state(std::make_unique<State>(*other.m_state)) {}

ResumableSha256& ResumableSha256::operator=(const ResumableSha256& other) {
    *m_state = *other.m_state;
    return *this;
}

ResumableSha256::~ResumableSha256() = default;

void ResumableSha256::update(const void* data, std::size_t size) {
    if (SHA256_Update(&m_state->ctx, data, size) != 1) throw Error(ErrorCode::Internal, "OpenSSL: SHA-256 update failed");
}

std::string ResumableSha256::hex() const {
    SHA256_CTX copy = m_state->ctx;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256_Final(digest, &copy);
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : digest) {
        out.push_back(k_digits[c >> 4]);
        out.push_back(k_digits[c & 15]);
    }
    return out;
}

std::string ResumableSha256::save() const {
    std::string out(k_magic);
    const std::uint32_t size = sizeof(SHA256_CTX);
    out.append(reinterpret_cast<const char*>(&size), sizeof size);
    out.append(reinterpret_cast<const char*>(&m_state->ctx), sizeof(SHA256_CTX));
    return out;
}

std::optional<ResumableSha256> ResumableSha256::restore(std::string_view saved) {
    std::uint32_t size = 0;
    if (saved.size() != k_magic.size() + sizeof size + sizeof(SHA256_CTX) || !saved.starts_with(k_magic)) return std::nullopt;
    std::memcpy(&size, saved.data() + k_magic.size(), sizeof size);
    if (size != sizeof(SHA256_CTX)) return std::nullopt;
    ResumableSha256 out;
    std::memcpy(&out.m_state->ctx, saved.data() + k_magic.size() + sizeof size, sizeof(SHA256_CTX));
    return out;
}

std::uint64_t ResumableSha256::bytes() const {
    // Nl/Nh count bits.
    const std::uint64_t bits = static_cast<std::uint64_t>(m_state->ctx.Nh) << 32 | m_state->ctx.Nl;
    return bits / 8;
}

ResumableSha256 hash_file_prefix(int fd, std::uint64_t size) {
    ResumableSha256 sha;
    std::vector<char> buffer(4 << 20);
    std::uint64_t done = 0;
    while (done < size) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - done));
        const ssize_t got = ::pread(fd, buffer.data(), want, static_cast<off_t>(done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) throw_io_error(std::string("cannot read an upload back to hash it: ") + (got == 0 ? "file is short" : std::strerror(errno)));
        sha.update(buffer.data(), static_cast<std::size_t>(got));
        done += static_cast<std::uint64_t>(got);
    }
    return sha;
}

}  // namespace plateau::gateway
