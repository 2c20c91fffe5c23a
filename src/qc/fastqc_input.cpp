// Filling FastqcInput: the per-read counters FastQC 0.11.9's modules need, and the ordered
// sequence tracker of its OverRepresentedSeqs module.
#include <algorithm>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "qc/duplication.hpp"
#include "qc/fastqc_modules.hpp"
#include "qc/fastqc_read_scanner.hpp"

namespace plateau::qc {
namespace {

constexpr std::size_t k_quality_slots = k_fastqc_max_phred + 1;
constexpr std::size_t k_dup_max_full_length = 75;  // longer reads are tracked by a prefix...
constexpr std::size_t k_dup_prefix_length = 50;    // ...of this length

// Base code after upper-casing: A=0 C=1 G=2 T=3 N=4, anything else 5.
constexpr std::array<std::uint8_t, 256> k_base_code = [] {
    std::array<std::uint8_t, 256> t{};
    t.fill(5);
    const char* letters = "ACGTN";
    for (std::uint8_t i = 0; i < 5; ++i) {
        t[static_cast<unsigned char>(letters[i])] = i;
        t[static_cast<unsigned char>(letters[i] - 'A' + 'a')] = i;
    }
    return t;
}();

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

template <typename T>
void grow(std::vector<T>& v, std::size_t size, const T& fill = T{}) {
    if (v.size() < size) v.resize(size, fill);
}

void add_into(std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& from) {
    grow(into, from.size());
    for (std::size_t i = 0; i < from.size(); ++i) into[i] += from[i];
}

}  // namespace

int fastqc_mean_quality_bin(std::string_view qual) {
    if (qual.empty()) return -1;
    // FastQC: (sum of the characters) / length in integer arithmetic, i.e. 33 + floor(mean Phred).
    std::uint64_t sum = 0;
    for (char c : qual) sum += static_cast<unsigned char>(c);
    return static_cast<int>(sum / qual.size()) - 33;
}

std::size_t fastqc_gc_length(std::size_t seq_len) {
    if (seq_len > 1000) return (seq_len / 1000) * 1000;
    if (seq_len > 100) return (seq_len / 100) * 100;
    return seq_len;
}

std::array<int, k_fastqc_adapter_count> fastqc_adapter_hits(std::string_view seq) {
    FastqcReadScanner scanner(seq.size());
    for (std::size_t i = 0; i < seq.size(); ++i) scanner.push(k_base_code[static_cast<unsigned char>(seq[i])], i);
    return scanner.hits();
}

void FastqcReadScanner::finish(FastqcInput& input) const {
    if (m_length > 0) {
        grow(input.gc_hist, m_gc_length + 1);
        grow(input.gc_hist[m_gc_length], m_gc_length + 1);
        ++input.gc_hist[m_gc_length][m_gc];
    }
    for (std::size_t a = 0; a < k_fastqc_adapter_count; ++a) {
        if (m_hits[a] < 0) continue;
        const auto pos = static_cast<std::size_t>(m_hits[a]);
        grow(input.adapter_hist[a], pos + 1);
        ++input.adapter_hist[a][pos];
    }
}

void fastqc_count_read(FastqcInput& input, std::string_view seq, std::string_view qual) {
    grow(input.quality_hist, qual.size(), std::vector<std::uint64_t>(k_quality_slots));
    std::uint64_t phred_sum = 0;
    for (std::size_t i = 0; i < qual.size(); ++i) {
        const unsigned phred = static_cast<unsigned char>(qual[i]) - 33u;
        if (phred > static_cast<unsigned>(k_fastqc_max_phred)) {
            throw_input_error("FastQC: quality character code " + std::to_string(static_cast<unsigned char>(qual[i])) +
                              " at position " + std::to_string(i + 1) + " is outside Phred+33 ('!'..'~')");
        }
        ++input.quality_hist[i][phred];
        phred_sum += phred;
    }
    if (!qual.empty()) {
        grow(input.mean_quality_hist, k_quality_slots);
        ++input.mean_quality_hist[phred_sum / qual.size()];
    }

    grow(input.base_counts, seq.size());
    auto* counts = input.base_counts.data();
    FastqcReadScanner scanner(seq.size());
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const std::uint8_t code = k_base_code[static_cast<unsigned char>(seq[i])];
        if (code < 5) ++counts[i][code];
        scanner.push(code, i);
    }
    grow(input.length_hist, seq.size() + 1);
    ++input.length_hist[seq.size()];
    scanner.finish(input);
}

void fastqc_merge_counts(FastqcInput& into, const FastqcInput& from) {
    grow(into.quality_hist, from.quality_hist.size(), std::vector<std::uint64_t>(k_quality_slots));
    for (std::size_t i = 0; i < from.quality_hist.size(); ++i) add_into(into.quality_hist[i], from.quality_hist[i]);
    grow(into.base_counts, from.base_counts.size());
    for (std::size_t i = 0; i < from.base_counts.size(); ++i) {
        for (std::size_t b = 0; b < 5; ++b) into.base_counts[i][b] += from.base_counts[i][b];
    }
    add_into(into.length_hist, from.length_hist);
    add_into(into.mean_quality_hist, from.mean_quality_hist);
    grow(into.gc_hist, from.gc_hist.size());
    for (std::size_t i = 0; i < from.gc_hist.size(); ++i) add_into(into.gc_hist[i], from.gc_hist[i]);
    for (std::size_t a = 0; a < k_fastqc_adapter_count; ++a) add_into(into.adapter_hist[a], from.adapter_hist[a]);
    into.tiles.merge(from.tiles);
}

std::size_t FastqcSequenceTracker::find_or_slot(std::string_view key, std::uint64_t hash, bool& found) const {
    const std::size_t mask = m_slot_hash.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t entry = m_slot_entry[slot];
        if (entry == 0) {
            found = false;
            return slot;
        }
        if (m_slot_hash[slot] == hash && m_entries[entry - 1].sequence == key) {
            found = true;
            return slot;
        }
    }
}

void FastqcSequenceTracker::add(std::string_view seq) {
    ++m_total;
    const std::string_view kept = seq.size() > k_dup_max_full_length ? seq.substr(0, k_dup_prefix_length) : seq;
    m_key.resize(kept.size());
    std::transform(kept.begin(), kept.end(), m_key.begin(), upper);

    // FastQC's AdapterContent ignores a hit while no read longer than the adapters has been seen;
    // only a read that is exactly an adapter can hit then.
    if (!m_seen_longer_than_adapter) {
        if (seq.size() > k_fastqc_adapter_length) {
            m_seen_longer_than_adapter = true;
        } else if (seq.size() == k_fastqc_adapter_length) {
            for (std::size_t a = 0; a < k_fastqc_adapter_count; ++a) {
                if (m_key == k_fastqc_adapters[a].sequence) ++m_early_adapter_reads[a];
            }
        }
    }

    if (m_slot_hash.empty()) {
        std::size_t slots = 1024;
        while (slots < 2 * m_unique_limit) slots *= 2;
        m_slot_hash.assign(slots, 0);
        m_slot_entry.assign(slots, 0);
    }
    const std::uint64_t hash = sequence_hash(m_key);
    bool found = false;
    const std::size_t slot = find_or_slot(m_key, hash, found);
    if (found) {
        ++m_entries[m_slot_entry[slot] - 1].count;
        if (!m_frozen) m_count_at_limit = m_total;
        return;
    }
    if (m_frozen) return;
    m_entries.push_back(Entry{m_key, 1});
    m_slot_hash[slot] = hash;
    m_slot_entry[slot] = static_cast<std::uint32_t>(m_entries.size());
    m_count_at_limit = m_total;
    if (m_entries.size() >= m_unique_limit) m_frozen = true;
}

}  // namespace plateau::qc
