// Reference FASTA headers with taxonomy (sintax, dada2, RDP trainer and gold-set layouts) into a
// TaxonomyReference, with the rank checks of taxonomy_db.hpp.
#include "amplicon/taxonomy_db.hpp"

#include "core/error.hpp"
#include "core/io/sequence_reader.hpp"

#include <array>
#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace plateau::amplicon {
namespace {

constexpr const char* k_sintax_letters = "dkpcofgs";
const std::array<const char*, 8> k_sintax_ranks = {"domain", "kingdom", "phylum", "class",
                                                   "order",  "family",  "genus",  "species"};
const std::vector<std::string> k_dada2_ranks = {"kingdom", "phylum", "class", "order", "family", "genus", "species"};
const std::vector<std::string> k_rdp_ranks = {"domain", "phylum", "class", "order", "family", "genus", "species"};

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t p = s.find(sep, start);
        out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) return out;
        start = p + 1;
    }
}

// vsearch's rule: the first "tax=" at the start of the header or right after a ';'.
std::size_t find_tax_attribute(const std::string& header) {
    for (std::size_t p = header.find("tax="); p != std::string::npos; p = header.find("tax=", p + 1)) {
        if (p == 0 || header[p - 1] == ';') return p;
    }
    return std::string::npos;
}

std::string parse_sintax(const std::string& header, std::vector<std::string>& names, const std::string& where) {
    const std::size_t p = find_tax_attribute(header);
    if (p == std::string::npos) throw_input_error(where + ": no ;tax= taxonomy in the header");
    const std::size_t end = header.find(';', p + 4);
    const std::string value = header.substr(p + 4, end == std::string::npos ? std::string::npos : end - p - 4);
    names.assign(8, "");
    for (const std::string& entry : split(value, ',')) {
        const char* letter = entry.size() >= 2 && entry[1] == ':'
                                 ? std::strchr(k_sintax_letters, std::tolower(static_cast<unsigned char>(entry[0])))
                                 : nullptr;
        if (entry.empty() || letter == nullptr || *letter == '\0')
            throw_input_error(where + ": malformed taxonomy entry '" + entry + "' (expected x:Name, x one of dkpcofgs)");
        std::string& slot = names[static_cast<std::size_t>(letter - k_sintax_letters)];
        if (!slot.empty()) throw_input_error(where + ": rank '" + std::string(1, *letter) + ":' given twice");
        slot = entry.substr(2);
    }
    return p == 0 ? std::string() : header.substr(0, p - 1);
}

void split_lineage(const std::string& lineage, std::vector<std::string>& names, const std::string& where) {
    names.clear();
    for (const std::string& n : split(lineage, ';')) names.push_back(trim(n));
    while (!names.empty() && names.back().empty()) names.pop_back();  // the trailing ';'
    if (names.empty()) throw_input_error(where + ": empty taxonomy in the header");
}

}  // namespace

const char* layout_name(TaxonomyLayout layout) {
    switch (layout) {
        case TaxonomyLayout::sintax: return "sintax";
        case TaxonomyLayout::dada2: return "dada2";
        case TaxonomyLayout::rdp: return "rdp";
        case TaxonomyLayout::gold: return "gold";
        case TaxonomyLayout::automatic: break;
    }
    return "auto";
}

TaxonomyLayout parse_layout_name(const std::string& name) {
    for (TaxonomyLayout l : {TaxonomyLayout::automatic, TaxonomyLayout::sintax, TaxonomyLayout::dada2,
                             TaxonomyLayout::rdp, TaxonomyLayout::gold}) {
        if (name == layout_name(l)) return l;
    }
    throw_usage_error("--layout: '" + name + "' is not one of auto, sintax, dada2, rdp, gold");
}

TaxonomyLayout detect_layout(const std::string& header) {
    if (find_tax_attribute(header) != std::string::npos) return TaxonomyLayout::sintax;
    if (header.find('\t') != std::string::npos) return TaxonomyLayout::gold;
    const std::size_t space = header.find_first_of(" ");
    if (space != std::string::npos && header.find(';') > space) return TaxonomyLayout::rdp;
    return TaxonomyLayout::dada2;
}

std::string parse_taxonomy_header(const std::string& header, TaxonomyLayout layout, std::vector<std::string>& names,
                                  const std::string& where) {
    switch (layout) {
        case TaxonomyLayout::sintax: return parse_sintax(header, names, where);
        case TaxonomyLayout::dada2:
            if (header.find(';') == std::string::npos)
                throw_input_error(where + ": no ';'-separated taxonomy in the header (dada2 layout)");
            split_lineage(header, names, where);
            return {};
        case TaxonomyLayout::rdp: {
            const std::size_t space = header.find(' ');
            if (space == std::string::npos) throw_input_error(where + ": expected 'ID lineage' (RDP layout)");
            split_lineage(header.substr(space + 1), names, where);
            if (!names.empty() && (names[0] == "Root" || names[0] == "root")) names.erase(names.begin());
            if (names.empty()) throw_input_error(where + ": empty taxonomy in the header");
            return header.substr(0, space);
        }
        case TaxonomyLayout::gold: {
            const std::size_t tab = header.rfind('\t');
            if (tab == std::string::npos) throw_input_error(where + ": expected tab-separated fields (gold layout)");
            split_lineage(header.substr(tab + 1), names, where);
            return trim(header.substr(0, header.find_first_of(" \t")));
        }
        case TaxonomyLayout::automatic: break;
    }
    throw Error(ErrorCode::Internal, "parse_taxonomy_header: layout not resolved");
}

void check_lineages(const TaxonomyReference& reference, bool allow_conflicts, std::vector<TaxonomyConflict>& conflicts,
                    const std::string& file) {
    if (reference.ids.empty()) throw_input_error(file + ": the database is empty (no reference sequence)");
    std::unordered_set<std::string> ids;
    std::map<std::pair<std::size_t, std::string>, std::size_t> first;  // (rank, name) -> reference
    for (std::size_t r = 0; r < reference.ids.size(); ++r) {
        const std::string where = file + ": record " + std::to_string(r + 1) + " (" + reference.ids[r] + ")";
        if (!ids.insert(reference.ids[r]).second) throw_input_error(where + ": id given twice");
        const auto& lin = reference.lineages[r];
        if (lin.empty() || lin[0].empty()) throw_input_error(where + ": no name at the top rank (" + reference.rank_names[0] + ")");
        for (std::size_t k = 1; k < lin.size(); ++k) {
            if (!lin[k].empty() && lin[k - 1].empty())
                throw_input_error(where + ": rank " + reference.rank_names[k - 1] + " missing above " +
                                  reference.rank_names[k] + " '" + lin[k] + "'");
            if (lin[k].empty()) continue;
            const auto [it, fresh] = first.emplace(std::make_pair(k, lin[k]), r);
            if (fresh || reference.lineages[it->second][k - 1] == lin[k - 1]) continue;
            TaxonomyConflict c{k, lin[k], reference.lineages[it->second][k - 1], lin[k - 1], reference.ids[it->second],
                               reference.ids[r]};
            if (!allow_conflicts)
                throw_input_error(file + ": " + reference.rank_names[k] + " '" + c.name + "' is under " +
                                  reference.rank_names[k - 1] + " '" + c.first_parent + "' (" + c.first_id + ") and '" +
                                  c.second_parent + "' (" + c.second_id + "); --allow-conflicts keeps both");
            conflicts.push_back(std::move(c));
        }
    }
}

namespace {

void check_sequence(std::string& seq, const std::string& where) {
    static constexpr std::string_view iupac = "ACGTUNRYSWKMBDHV";
    for (char& c : seq) {
        const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (iupac.find(u) == std::string_view::npos)
            throw_input_error(where + ": letter '" + std::string(1, c) + "' is not a nucleotide (IUPAC) code");
        if (c == 'U') c = 'T';
        if (c == 'u') c = 't';
    }
    if (seq.empty()) throw_input_error(where + ": empty sequence");
}

// Keeps the ranks of the sintax letters used anywhere, in dkpcofgs order.
void compact_sintax_ranks(ParsedTaxonomy& parsed) {
    std::vector<std::size_t> used;
    for (std::size_t k = 0; k < 8; ++k) {
        for (const auto& lin : parsed.reference.lineages) {
            if (!lin[k].empty()) {
                used.push_back(k);
                break;
            }
        }
    }
    for (auto& lin : parsed.reference.lineages) {
        std::vector<std::string> kept;
        for (std::size_t k : used) kept.push_back(std::move(lin[k]));
        lin = std::move(kept);
    }
    for (std::size_t k : used) parsed.reference.rank_names.emplace_back(k_sintax_ranks[k]);
}

void name_ranks(ParsedTaxonomy& parsed, const TaxonomyParseOptions& options, const std::string& path) {
    std::size_t depth = 0;
    for (const auto& lin : parsed.reference.lineages) depth = std::max(depth, lin.size());
    if (parsed.layout == TaxonomyLayout::sintax) {
        compact_sintax_ranks(parsed);
        depth = parsed.reference.rank_names.size();
    }
    for (auto& lin : parsed.reference.lineages) lin.resize(depth);
    if (!options.rank_names.empty()) {
        if (options.rank_names.size() != depth)
            throw_input_error(path + ": --ranks names " + std::to_string(options.rank_names.size()) +
                              " ranks but the lineages have " + std::to_string(depth));
        parsed.reference.rank_names = options.rank_names;
        return;
    }
    if (parsed.layout == TaxonomyLayout::sintax) return;
    const auto& defaults = parsed.layout == TaxonomyLayout::dada2 ? k_dada2_ranks : k_rdp_ranks;
    parsed.reference.rank_names.clear();
    for (std::size_t k = 0; k < depth; ++k)
        parsed.reference.rank_names.push_back(k < defaults.size() ? defaults[k] : "rank" + std::to_string(k + 1));
}

}  // namespace

ParsedTaxonomy parse_taxonomy_fasta(const std::string& path, const TaxonomyParseOptions& options) {
    ParsedTaxonomy parsed;
    parsed.layout = options.layout;
    auto reader = core::SequenceReader::open(path, 0, core::QualityEncoding::phred33, core::SequenceLetters::keep);
    core::ReadBatch batch;
    std::vector<std::string> names;
    while (reader->read(batch, 4096, std::uint64_t{1} << 26) > 0) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const core::ReadView rec = batch[i];
            const std::size_t n = parsed.reference.ids.size() + 1;
            const std::string header(rec.name);
            const std::string where = path + ": record " + std::to_string(n);
            if (parsed.layout == TaxonomyLayout::automatic) parsed.layout = detect_layout(header);
            std::string id = parse_taxonomy_header(header, parsed.layout, names, where);
            if (parsed.layout == TaxonomyLayout::dada2) id = "ref_" + std::to_string(n);
            if (id.empty()) throw_input_error(where + ": empty id");
            std::string seq(rec.seq);
            check_sequence(seq, where + " (" + id + ")");
            parsed.masked.push_back(seq);
            for (char& c : seq) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            parsed.reference.ids.push_back(std::move(id));
            parsed.reference.sequences.push_back(std::move(seq));
            parsed.reference.lineages.push_back(names);
        }
        batch.clear();
    }
    if (parsed.reference.ids.empty()) throw_input_error(path + ": the database is empty (no reference sequence)");
    name_ranks(parsed, options, path);
    check_lineages(parsed.reference, options.allow_conflicts, parsed.conflicts, path);
    return parsed;
}

}  // namespace plateau::amplicon
