#include "gateway/datasets/dataset_links.hpp"

#include "core/error.hpp"
#include "core/io/unique_fd.hpp"
#include "core/io/write_all.hpp"
#include "gateway/sha256.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace plateau::gateway {

std::string load_or_create_link_key(const std::filesystem::path& file) {
    core::UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.valid()) {
        unsigned char key[32];
        if (RAND_bytes(key, sizeof key) != 1) throw Error(ErrorCode::Internal, "cannot draw a link key (OpenSSL RAND_bytes)");
        if (!core::write_all(fd.get(), std::string_view(reinterpret_cast<const char*>(key), sizeof key)))
            throw_io_error(file.string() + ": cannot write the link key: " + std::strerror(errno));
        if (::fsync(fd.get()) != 0) throw_io_error(file.string() + ": fsync failed: " + std::strerror(errno));
    } else if (errno != EEXIST) {
        throw_io_error(file.string() + ": cannot create the link key: " + std::strerror(errno));
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string key = bytes.str();
    if (!in || key.size() < 16) throw_io_error(file.string() + ": the link key must hold at least 16 bytes");
    return key;
}

std::string link_signature(std::string_view key, std::string_view dataset_id, std::int64_t expires_epoch) {
    const std::string message = "plateau-link-v1\n" + std::string(dataset_id) + "\n" + std::to_string(expires_epoch);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), mac, &length) == nullptr)
        throw Error(ErrorCode::Internal, "HMAC-SHA256 failed");
    return to_hex(std::string_view(reinterpret_cast<const char*>(mac), length));
}

bool link_signature_matches(std::string_view key, std::string_view dataset_id, std::int64_t expires_epoch,
                            std::string_view signature) {
    const std::string expected = link_signature(key, dataset_id, expires_epoch);
    return signature.size() == expected.size() && CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

std::string link_path(std::string_view dataset_id, std::string_view name, std::int64_t expires_epoch,
                      std::string_view signature) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    const auto slash = name.rfind('/');
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string encoded;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '.' || c == '-' || c == '_') {
            encoded.push_back(c);
        } else {
            encoded.push_back('%');
            encoded.push_back(k_hex[u >> 4]);
            encoded.push_back(k_hex[u & 15]);
        }
    }
    if (encoded.empty() || encoded == "." || encoded == "..") encoded = "dataset";
    return "/api/v1/links/" + std::string(dataset_id) + "/" + encoded + "?expires=" + std::to_string(expires_epoch) +
           "&signature=" + std::string(signature);
}

}  // namespace plateau::gateway
