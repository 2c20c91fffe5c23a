#include "amplicon/amplicon_set.hpp"

#include <algorithm>
#include <numeric>

namespace plateau::amplicon {

void AmpliconSet::add(std::string_view header, std::uint64_t line, const std::vector<std::uint8_t>& codes) {
    AmpliconInfo info;
    info.header_begin = m_headers.size();
    info.header_len = static_cast<std::uint32_t>(header.size());
    info.seq_word = m_words.size();
    info.length = static_cast<std::uint32_t>(codes.size());
    info.line = line;
    m_headers.append(header);
    const std::size_t words = (codes.size() + 31) / 32;
    m_words.resize(m_words.size() + words, 0);
    std::uint64_t* out = m_words.data() + info.seq_word;
    for (std::size_t k = 0; k < codes.size(); ++k) {
        out[k / 32] |= static_cast<std::uint64_t>(codes[k]) << (2 * (k % 32));
    }
    m_longest = std::max(m_longest, info.length);
    m_info.push_back(info);
}

void AmpliconSet::unpack(std::size_t i, std::vector<std::uint8_t>& out) const {
    const AmpliconInfo& info = m_info[i];
    out.resize(info.length);
    const std::uint64_t* words = m_words.data() + info.seq_word;
    for (std::uint32_t k = 0; k < info.length; ++k) {
        out[k] = static_cast<std::uint8_t>((words[k / 32] >> (2 * (k % 32))) & 3U);
    }
}

void AmpliconSet::sort_by_abundance() {
    const auto before = [this](const AmpliconInfo& x, const AmpliconInfo& y) {
        if (x.abundance != y.abundance) return x.abundance > y.abundance;
        const std::string_view hx{m_headers.data() + x.header_begin, x.header_len};
        const std::string_view hy{m_headers.data() + y.header_begin, y.header_len};
        return hx < hy;
    };
    if (!std::is_sorted(m_info.begin(), m_info.end(), before)) {
        std::sort(m_info.begin(), m_info.end(), before);
    }
}

void append_label(std::string& out, const AmpliconSet& set, std::size_t i, bool usearch_style) {
    const AmpliconInfo& info = set.info(i);
    const std::string_view h = set.header(i);
    if (info.abundance_start >= info.abundance_end) {
        out.append(h);
        return;
    }
    out.append(h.substr(0, info.abundance_start));
    if (usearch_style && info.abundance_start > 0 && info.abundance_end < info.header_len) out.push_back(';');
    out.append(h.substr(info.abundance_end));
}

void append_with_abundance(std::string& out, const AmpliconSet& set, std::size_t i, std::uint64_t abundance,
                           bool usearch_style) {
    const AmpliconInfo& info = set.info(i);
    const std::string_view h = set.header(i);
    out.append(h.substr(0, info.abundance_start));
    if (usearch_style) {
        if (info.abundance_start > 0) out.push_back(';');
        out.append("size=").append(std::to_string(abundance)).push_back(';');
        out.append(h.substr(info.abundance_end));
    } else {
        out.push_back('_');
        out.append(std::to_string(abundance));
    }
}

}  // namespace plateau::amplicon
