// Microvariants: every distinct sequence one substitution, deletion or insertion away, in
// swarm 3.1.2's order and with its de-duplication rules (variants.cc): 3L substitutions;
// deletions only at the first base of each homopolymer run; insertions of all 4 bases before
// position 0, then after base i only bases different from it. At most 7L + 4 variants.
// Hashes are Zobrist hashes (XOR of a random value per position and base), computed in O(1) per
// variant from prefix and shifted-suffix tables, so that a variant hashes like the same sequence.
#pragma once

#include <cstdint>
#include <vector>

namespace plateau::amplicon {

enum class EditType : std::uint8_t { substitution, deletion, insertion };

struct Variant {
    std::uint64_t hash = 0;
    std::uint32_t pos = 0;
    EditType type = EditType::substitution;
    std::uint8_t base = 0;
};

class Zobrist {
public:
    explicit Zobrist(std::uint32_t longest);  // values for positions 0..longest+1
    [[nodiscard]] std::uint64_t value(std::uint32_t pos, std::uint8_t base) const { return m_values[4 * pos + base]; }
    [[nodiscard]] std::uint64_t hash(const std::vector<std::uint8_t>& seq) const;

private:
    std::vector<std::uint64_t> m_values;
};

// Per-thread scratch for variant generation.
struct VariantWorkspace {
    std::vector<std::uint64_t> prefix, down, up;
    std::vector<Variant> variants;
};

// Fills ws.prefix, ws.down and ws.up for seq: the hashes that make each variant's hash O(1).
void prepare_variant_hashes(const Zobrist& zobrist, const std::vector<std::uint8_t>& seq, VariantWorkspace& ws);

// Calls fn(const Variant&) for each microvariant of seq, in swarm's order (no list is built).
template <typename Fn>
void visit_variants(const Zobrist& z, const std::vector<std::uint8_t>& seq, VariantWorkspace& ws, Fn&& fn) {
    prepare_variant_hashes(z, seq, ws);
    const auto len = static_cast<std::uint32_t>(seq.size());
    const std::uint64_t full = ws.prefix[len];
    for (std::uint32_t i = 0; i < len; ++i) {
        const std::uint64_t without = full ^ z.value(i, seq[i]);
        for (std::uint8_t v = 0; v < 4; ++v) {
            if (v != seq[i]) fn(Variant{without ^ z.value(i, v), i, EditType::substitution, v});
        }
    }
    for (std::uint32_t i = 0; i < len; ++i) {
        if (i == 0 || seq[i] != seq[i - 1]) fn(Variant{ws.prefix[i] ^ ws.down[i + 1], i, EditType::deletion, 0});
    }
    for (std::uint8_t v = 0; v < 4; ++v) fn(Variant{z.value(0, v) ^ ws.up[0], 0, EditType::insertion, v});
    for (std::uint32_t i = 0; i < len; ++i) {
        const std::uint64_t base = ws.prefix[i + 1] ^ ws.up[i + 1];
        for (std::uint8_t v = 0; v < 4; ++v) {
            if (v != seq[i]) fn(Variant{base ^ z.value(i + 1, v), i + 1, EditType::insertion, v});
        }
    }
}

// Fills ws.variants with the microvariants of seq (2-bit codes).
void generate_variants(const Zobrist& zobrist, const std::vector<std::uint8_t>& seq, VariantWorkspace& ws);

// True if applying `variant` to seq gives exactly other.
[[nodiscard]] bool variant_equals(const std::vector<std::uint8_t>& seq, const Variant& variant,
                                  const std::vector<std::uint8_t>& other);

// The sequence of `variant` applied to seq, written into out.
void apply_variant(const std::vector<std::uint8_t>& seq, const Variant& variant, std::vector<std::uint8_t>& out);

}  // namespace plateau::amplicon
