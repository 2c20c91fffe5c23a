#include "amplicon/variants.hpp"

#include <algorithm>
#include <cstring>

namespace plateau::amplicon {

namespace {
std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

bool same(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) { return n == 0 || std::memcmp(a, b, n) == 0; }
}  // namespace

Zobrist::Zobrist(std::uint32_t longest) {
    std::uint64_t state = 0x5eed0fa3b1c0ffeeULL;
    m_values.resize(4 * (static_cast<std::size_t>(longest) + 3));
    for (auto& v : m_values) v = splitmix64(state);
}

std::uint64_t Zobrist::hash(const std::vector<std::uint8_t>& seq) const {
    std::uint64_t h = 0;
    for (std::uint32_t i = 0; i < seq.size(); ++i) h ^= value(i, seq[i]);
    return h;
}

void prepare_variant_hashes(const Zobrist& z, const std::vector<std::uint8_t>& seq, VariantWorkspace& ws) {
    const auto len = static_cast<std::uint32_t>(seq.size());
    ws.prefix.resize(len + 1);
    ws.down.resize(len + 2);
    ws.up.resize(len + 2);
    ws.prefix[0] = 0;
    for (std::uint32_t i = 0; i < len; ++i) ws.prefix[i + 1] = ws.prefix[i] ^ z.value(i, seq[i]);
    ws.down[len] = ws.down[len + 1] = 0;  // down[i]: bases i.. shifted one position left
    ws.up[len] = ws.up[len + 1] = 0;      // up[i]: bases i.. shifted one position right
    for (std::uint32_t i = len; i-- > 0;) {
        ws.down[i] = ws.down[i + 1] ^ (i > 0 ? z.value(i - 1, seq[i]) : 0);
        ws.up[i] = ws.up[i + 1] ^ z.value(i + 1, seq[i]);
    }
}

void generate_variants(const Zobrist& z, const std::vector<std::uint8_t>& seq, VariantWorkspace& ws) {
    ws.variants.resize(7 * seq.size() + 4);  // the most there can be; written without capacity checks
    Variant* out = ws.variants.data();
    visit_variants(z, seq, ws, [&out](const Variant& v) { *out++ = v; });
    ws.variants.resize(static_cast<std::size_t>(out - ws.variants.data()));
}

bool variant_equals(const std::vector<std::uint8_t>& seq, const Variant& v, const std::vector<std::uint8_t>& other) {
    const std::size_t len = seq.size();
    const std::uint8_t* s = seq.data();
    const std::uint8_t* o = other.data();
    switch (v.type) {
    case EditType::substitution:
        return other.size() == len && o[v.pos] == v.base && same(s, o, v.pos) &&
               same(s + v.pos + 1, o + v.pos + 1, len - v.pos - 1);
    case EditType::deletion:
        return other.size() + 1 == len && same(s, o, v.pos) && same(s + v.pos + 1, o + v.pos, len - v.pos - 1);
    case EditType::insertion:
        return other.size() == len + 1 && o[v.pos] == v.base && same(s, o, v.pos) &&
               same(s + v.pos, o + v.pos + 1, len - v.pos);
    }
    return false;
}

void apply_variant(const std::vector<std::uint8_t>& seq, const Variant& v, std::vector<std::uint8_t>& out) {
    out.assign(seq.begin(), seq.end());
    switch (v.type) {
    case EditType::substitution: out[v.pos] = v.base; break;
    case EditType::deletion: out.erase(out.begin() + v.pos); break;
    case EditType::insertion: out.insert(out.begin() + v.pos, v.base); break;
    }
}

}  // namespace plateau::amplicon
