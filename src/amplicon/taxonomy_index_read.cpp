// Mapping and checking the binary reference index (layout in taxonomy_index.hpp).
#include "amplicon/taxonomy_index.hpp"

#include "core/error.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace plateau::amplicon {
namespace {

constexpr std::size_t k_header_bytes = 48;
constexpr std::uint64_t k_sections = 12;

template <class T>
T load(const unsigned char* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

}  // namespace

TaxonomyIndex::TaxonomyIndex(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_io_error(path + ": cannot open the database index: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw_input_error(path + ": not a regular file");
    }
    m_size = static_cast<std::size_t>(st.st_size);
    if (m_size < k_header_bytes) {
        ::close(fd);
        throw_input_error(path + ": not a plateau-amplicon db index (too short: " + std::to_string(m_size) + " bytes)");
    }
    void* map = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) throw_io_error(path + ": cannot map the database index: " + std::strerror(errno));
    m_base = static_cast<const unsigned char*>(map);
    try {
        check(path);
    } catch (...) {
        ::munmap(const_cast<unsigned char*>(m_base), m_size);
        throw;
    }
}

TaxonomyIndex::~TaxonomyIndex() {
    if (m_base != nullptr) ::munmap(const_cast<unsigned char*>(m_base), m_size);
}

void TaxonomyIndex::release(const unsigned char* begin, const unsigned char* end) const {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t lo = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
    const std::uintptr_t hi = reinterpret_cast<std::uintptr_t>(end) / page * page;
    if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);  // advice: failure is harmless
}

void TaxonomyIndex::check(const std::string& path) {
    const std::string what = path + ": ";
    if (std::memcmp(m_base, "PLTAXDB\0", 8) != 0) throw_input_error(what + "not a plateau-amplicon db index (bad magic)");
    const auto version = load<std::uint32_t>(m_base + 8);
    if (version != k_taxonomy_index_version)
        throw_input_error(what + "db index version " + std::to_string(version) + ", this build reads version " +
                          std::to_string(k_taxonomy_index_version) + " (rebuild it with plateau-amplicon db)");
    if (load<std::uint32_t>(m_base + 12) != 0x01020304U) throw_input_error(what + "db index of another byte order");
    m_references = load<std::uint64_t>(m_base + 16);
    m_ranks = load<std::uint32_t>(m_base + 24);
    m_genera = load<std::uint32_t>(m_base + 28);
    const auto declared = load<std::uint64_t>(m_base + 32);
    if (declared != m_size)
        throw_input_error(what + "truncated db index (" + std::to_string(m_size) + " bytes, header says " +
                          std::to_string(declared) + ")");
    if (load<std::uint64_t>(m_base + 40) != k_sections || m_size < k_header_bytes + k_sections * 16)
        throw_input_error(what + "db index with an unexpected section table");
    m_section = reinterpret_cast<const std::uint64_t*>(m_base + k_header_bytes);
    for (std::size_t s = 0; s < k_sections; ++s) {
        if (m_section[2 * s] % 8 != 0 || m_section[2 * s] + m_section[2 * s + 1] > m_size)
            throw_input_error(what + "db index section " + std::to_string(s) + " out of bounds");
    }
    auto expect = [&](int s, std::uint64_t bytes) {
        if (m_section[2 * s + 1] < bytes) throw_input_error(what + "db index section " + std::to_string(s) + " too short");
        return m_base + m_section[2 * s];
    };
    check_string_tables(what);
    m_lineages = reinterpret_cast<const std::uint32_t*>(expect(4, 4 * m_references * m_ranks));
    m_sintax_offsets = reinterpret_cast<const std::uint64_t*>(expect(5, 8 * (k_kmer_count + 1)));
    m_sintax = expect(6, 0);
    m_genus_of = reinterpret_cast<const std::uint32_t*>(expect(7, 4 * m_references));
    m_genus_table = reinterpret_cast<const std::uint32_t*>(expect(8, 8 * m_genera));
    m_word_refs = reinterpret_cast<const std::uint32_t*>(expect(9, 4 * k_kmer_count));
    m_rdp_offsets = reinterpret_cast<const std::uint64_t*>(expect(10, 8 * (k_kmer_count + 1)));
    m_rdp = expect(11, 0);
    for (std::uint32_t w = 0; w < k_kmer_count; ++w) {
        if (m_sintax_offsets[w] > m_sintax_offsets[w + 1] || m_rdp_offsets[w] > m_rdp_offsets[w + 1])
            throw_input_error(what + "db index with corrupt k-mer offsets");
    }
    if (m_sintax_offsets[k_kmer_count] > m_section[13] || m_rdp_offsets[k_kmer_count] > m_section[23])
        throw_input_error(what + "db index with k-mer postings out of bounds");
    const std::size_t names = load<std::uint64_t>(m_base + m_section[6]);
    for (std::size_t i = 0; i < m_references * m_ranks; ++i) {
        if (m_lineages[i] != k_no_name && m_lineages[i] >= names) throw_input_error(what + "db index with a bad lineage");
    }
    for (std::size_t r = 0; r < m_references; ++r) {
        if (m_genus_of[r] >= m_genera) throw_input_error(what + "db index with a bad genus number");
    }
}

void TaxonomyIndex::check_string_tables(const std::string& what) const {
    for (int s = 0; s < 4; ++s) {
        if (m_section[2 * s + 1] < 8) throw_input_error(what + "db index section " + std::to_string(s) + " too short");
        const unsigned char* t = m_base + m_section[2 * s];
        const auto n = load<std::uint64_t>(t);
        if (n > m_size / 8 || m_section[2 * s + 1] < 8 + 8 * (n + 1))
            throw_input_error(what + "db index section " + std::to_string(s) + " too short");
        const auto* off = reinterpret_cast<const std::uint64_t*>(t + 8);
        if (off[0] != 0 || off[n] > m_section[2 * s + 1] - 8 - 8 * (n + 1))
            throw_input_error(what + "db index string table " + std::to_string(s) + " out of bounds");
        for (std::uint64_t j = 0; j < n; ++j) {
            if (off[j] > off[j + 1]) throw_input_error(what + "db index string table " + std::to_string(s) + " corrupt");
        }
        const std::uint64_t need = s == 0 ? m_ranks : s == 3 ? 0 : m_references;
        if (n < need) throw_input_error(what + "db index string table " + std::to_string(s) + " too short");
    }
}

std::string_view TaxonomyIndex::string_at(int section, std::size_t i) const {
    const unsigned char* t = m_base + m_section[2 * section];
    const auto n = load<std::uint64_t>(t);
    const auto* off = reinterpret_cast<const std::uint64_t*>(t + 8);
    const char* bytes = reinterpret_cast<const char*>(t + 8 + 8 * (n + 1));
    return {bytes + off[i], static_cast<std::size_t>(off[i + 1] - off[i])};
}

std::uint32_t TaxonomyIndex::length(std::size_t r) const { return static_cast<std::uint32_t>(sequence(r).size()); }

std::string_view TaxonomyIndex::name(std::size_t r, std::size_t k) const {
    const std::uint32_t i = name_index(r, k);
    return i == k_no_name ? std::string_view() : string_at(3, i);
}

TaxonomyReference TaxonomyIndex::to_reference() const {
    TaxonomyReference ref;
    for (std::size_t k = 0; k < m_ranks; ++k) ref.rank_names.emplace_back(rank_name(k));
    for (std::size_t r = 0; r < m_references; ++r) {
        ref.ids.emplace_back(id(r));
        ref.sequences.emplace_back(sequence(r));
        auto& lin = ref.lineages.emplace_back();
        for (std::size_t k = 0; k < m_ranks; ++k) lin.emplace_back(name(r, k));
    }
    return ref;
}

TaxonomyReference read_taxonomy_db(const std::string& path) { return TaxonomyIndex(path).to_reference(); }

}  // namespace plateau::amplicon
