// Digests for the dataset area. ResumableSha256 is the SHA-256 of a whole upload, computed as
// its bytes arrive; its state can be saved with the upload's offset and restored after a restart
// (the saved form is only read back by the same build: a state that does not fit is refused, and
// the caller then hashes the bytes already on disk again). RequestDigest checks one PATCH's body
// against its Upload-Checksum (sha1 or sha256).
#pragma once

#include "gateway/sha256.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace plateau::gateway {

class ResumableSha256 {
public:
    ResumableSha256();
    ResumableSha256(const ResumableSha256& other);
    ResumableSha256& operator=(const ResumableSha256& other);
    ~ResumableSha256();

    void update(const void* data, std::size_t size);
    // The hex digest of what was hashed so far; the state is unchanged.
    [[nodiscard]] std::string hex() const;
    // An opaque form for the store; restore() returns nullopt for anything it did not write.
    [[nodiscard]] std::string save() const;
    [[nodiscard]] static std::optional<ResumableSha256> restore(std::string_view saved);
    // Bytes hashed so far (from the state itself: a saved state says how much it covers).
    [[nodiscard]] std::uint64_t bytes() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// SHA-256 of the first `size` bytes of `fd` (pread, large blocks).
[[nodiscard]] ResumableSha256 hash_file_prefix(int fd, std::uint64_t size);

// One PATCH body against its Upload-Checksum: "sha1" or "sha256" (gateway/sha256.hpp).
using RequestDigest = MessageDigest;

}  // namespace plateau::gateway
