// Plain binary packing of numbers and vectors of trivially copyable values, for the messages the
// ranks of a distributed run exchange (block_exchange.hpp). Same machine, same build: no byte-order
// or format concerns, values travel bit for bit.
#pragma once

#include "core/error.hpp"

#include <cstring>
#include <type_traits>
#include <vector>

namespace plateau::class2d {

class ByteWriter {
public:
    template <class T>
    void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const char*>(&value);
        bytes_.insert(bytes_.end(), p, p + sizeof(T));
    }
    template <class T>
    void put_vector(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        put<std::size_t>(values.size());
        const auto* p = reinterpret_cast<const char*>(values.data());
        bytes_.insert(bytes_.end(), p, p + values.size() * sizeof(T));
    }
    template <class T>
    void put_nested(const std::vector<std::vector<T>>& values) {
        put<std::size_t>(values.size());
        for (const auto& v : values) put_vector(v);
    }
    std::vector<char>& bytes() { return bytes_; }

private:
    std::vector<char> bytes_;
};

class ByteReader {
public:
    explicit ByteReader(const std::vector<char>& bytes) : bytes_(bytes) {}
    template <class T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        T value;
        std::memcpy(&value, take(sizeof(T)), sizeof(T));
        return value;
    }
    template <class T>
    void get_vector(std::vector<T>& out) {
        const auto n = get<std::size_t>();
        out.resize(n);
        if (n) std::memcpy(out.data(), take(n * sizeof(T)), n * sizeof(T));
    }
    template <class T>
    void get_nested(std::vector<std::vector<T>>& out) {
        out.resize(get<std::size_t>());
        for (auto& v : out) get_vector(v);
    }

private:
    const char* take(std::size_t n) {
        if (n > bytes_.size() - pos_) throw Error(ErrorCode::Internal, "class2d: truncated message between ranks");
        const char* p = bytes_.data() + pos_;
        pos_ += n;
        return p;
    }
    const std::vector<char>& bytes_;
    std::size_t pos_ = 0;
};

}  // namespace plateau::class2d
