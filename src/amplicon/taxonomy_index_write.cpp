// Writing the binary reference index (layout in taxonomy_index.hpp).
#include "amplicon/taxonomy_index.hpp"
#include "amplicon/taxonomy_kmers.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>

namespace plateau::amplicon {
namespace {

constexpr std::size_t k_sections = 12;

class Bytes {
public:
    template <class T>
    void put(const T& v) {
        const auto* p = reinterpret_cast<const char*>(&v);
        m_data.append(p, sizeof(T));
    }
    template <class T>
    void put_array(const std::vector<T>& v) {
        if (!v.empty()) m_data.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    void put_varint(std::uint32_t v) {
        while (v >= 0x80) {
            m_data.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        m_data.push_back(static_cast<char>(v));
    }
    void append(std::string_view s) { m_data.append(s); }
    void pad() {
        while (m_data.size() % 8 != 0) m_data.push_back('\0');
    }
    [[nodiscard]] std::size_t size() const { return m_data.size(); }
    [[nodiscard]] const std::string& data() const { return m_data; }

private:
    std::string m_data;
};

template <class Strings>
Bytes string_table(const Strings& strings) {
    Bytes b;
    b.put(static_cast<std::uint64_t>(strings.size()));
    std::uint64_t offset = 0;
    b.put(offset);
    for (const auto& s : strings) {
        offset += s.size();
        b.put(offset);
    }
    for (const auto& s : strings) b.append(s);
    return b;
}

// Names: one table of distinct strings; lineages as indices into it.
void lineage_sections(const TaxonomyReference& ref, Bytes& names, Bytes& lineages) {
    std::vector<std::string> table;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::uint32_t> cells;
    for (const auto& lin : ref.lineages) {
        for (const std::string& n : lin) {
            if (n.empty()) {
                cells.push_back(k_no_name);
                continue;
            }
            const auto [it, fresh] = index.emplace(n, static_cast<std::uint32_t>(table.size()));
            if (fresh) table.push_back(n);
            cells.push_back(it->second);
        }
    }
    names = string_table(table);
    lineages.put_array(cells);
}

// Per 8-mer, the sorted item lists -> offsets section + varint section.
void posting_sections(const std::vector<std::vector<std::uint32_t>>& lists, bool with_counts, Bytes& offsets,
                      Bytes& data) {
    offsets.put(std::uint64_t{0});
    for (const auto& list : lists) {
        std::uint32_t previous = 0;
        for (std::size_t i = 0; i < list.size();) {
            std::size_t j = i;
            while (with_counts && j < list.size() && list[j] == list[i]) ++j;
            data.put_varint(list[i] - previous);
            previous = list[i];
            if (with_counts) {
                data.put_varint(static_cast<std::uint32_t>(j - i));
                i = j;
            } else {
                ++i;
            }
        }
        offsets.put(static_cast<std::uint64_t>(data.size()));
    }
}

void kmer_sections(const ParsedTaxonomy& parsed, const std::vector<std::uint32_t>& genus_of, Bytes out[6]) {
    const auto& ref = parsed.reference;
    std::vector<std::vector<std::uint32_t>> sintax(k_kmer_count), rdp(k_kmer_count);
    std::vector<std::uint32_t> word_refs(k_kmer_count, 0);
    UniqueKmers unique;
    for (std::size_t r = 0; r < ref.ids.size(); ++r) {
        unique.collect(parsed.masked[r], true);
        for (std::uint32_t w : unique.list()) sintax[w].push_back(static_cast<std::uint32_t>(r));
        unique.collect(ref.sequences[r], false);
        for (std::uint32_t w : unique.list()) {
            rdp[w].push_back(genus_of[r]);
            ++word_refs[w];
        }
    }
    for (auto& l : rdp) std::sort(l.begin(), l.end());
    posting_sections(sintax, false, out[0], out[1]);
    out[3].put_array(word_refs);
    posting_sections(rdp, true, out[4], out[5]);
}

// dada2's "genus": a distinct full lineage, numbered in order of first appearance.
std::vector<std::uint32_t> genera(const TaxonomyReference& ref, std::vector<std::uint32_t>& table) {
    std::map<std::vector<std::string>, std::uint32_t> seen;
    std::vector<std::uint32_t> genus_of;
    for (std::size_t r = 0; r < ref.lineages.size(); ++r) {
        const auto [it, fresh] = seen.emplace(ref.lineages[r], static_cast<std::uint32_t>(table.size() / 2));
        if (fresh) {
            table.push_back(static_cast<std::uint32_t>(r));
            table.push_back(0);
        }
        ++table[2 * it->second + 1];
        genus_of.push_back(it->second);
    }
    return genus_of;
}

}  // namespace

void write_taxonomy_index(const ParsedTaxonomy& parsed, const std::string& path) {
    const TaxonomyReference& ref = parsed.reference;
    std::vector<Bytes> sections(k_sections);
    sections[0] = string_table(ref.rank_names);
    sections[1] = string_table(ref.ids);
    sections[2] = string_table(ref.sequences);
    lineage_sections(ref, sections[3], sections[4]);
    std::vector<std::uint32_t> genus_table;
    const std::vector<std::uint32_t> genus_of = genera(ref, genus_table);
    sections[7].put_array(genus_of);
    sections[8].put_array(genus_table);
    Bytes kmers[6];
    kmer_sections(parsed, genus_of, kmers);
    sections[5] = std::move(kmers[0]);
    sections[6] = std::move(kmers[1]);
    sections[9] = std::move(kmers[3]);
    sections[10] = std::move(kmers[4]);
    sections[11] = std::move(kmers[5]);

    Bytes header;
    header.append(std::string_view("PLTAXDB\0", 8));
    header.put(k_taxonomy_index_version);
    header.put(std::uint32_t{0x01020304});
    header.put(static_cast<std::uint64_t>(ref.ids.size()));
    header.put(static_cast<std::uint32_t>(ref.rank_names.size()));
    header.put(static_cast<std::uint32_t>(genus_table.size() / 2));
    std::uint64_t offset = 8 + 4 + 4 + 8 + 4 + 4 + 8 + 8 + k_sections * 16;
    std::uint64_t total = offset;
    for (auto& s : sections) {
        s.pad();
        total += s.size();
    }
    header.put(total);
    header.put(static_cast<std::uint64_t>(k_sections));
    for (const auto& s : sections) {
        header.put(offset);
        header.put(static_cast<std::uint64_t>(s.size()));
        offset += s.size();
    }
    core::OutputFile out(path, {.sync = false});
    out.write(header.data());
    for (const auto& s : sections) out.write(s.data());
    out.commit();
}

}  // namespace plateau::amplicon
