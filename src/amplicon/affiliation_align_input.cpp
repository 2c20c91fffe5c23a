// Inputs of the alignment method: query FASTA/FASTQ and a SINTAX-format reference FASTA read
// directly (affiliation_align.hpp).
#include "amplicon/affiliation_align.hpp"

#include "core/error.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/read_batch.hpp"

#include <array>
#include <string_view>
#include <unordered_set>

namespace plateau::amplicon {

namespace {

constexpr std::string_view k_sintax_letters = "dkpcofgst";
constexpr std::array<const char*, 9> k_sintax_rank_names = {"domain", "kingdom", "phylum", "class", "order",
                                                             "family", "genus",   "species", "strain"};

template <typename Fn>
void for_each_record(const std::string& path, Fn&& fn) {
    auto reader = core::SequenceReader::open(path);
    core::ReadBatch batch;
    std::size_t record = 0;
    for (;;) {
        batch.clear();
        if (reader->read(batch, 4096, 1U << 24) == 0) break;
        for (std::size_t i = 0; i < batch.size(); ++i) fn(++record, batch[i].name, batch[i].seq);
    }
}

// "d:Bacteria,p:Firmicutes" -> a name per SINTAX letter; throws a message on a malformed field.
std::array<std::string, 9> parse_sintax_lineage(std::string_view tax, std::string& problem) {
    std::array<std::string, 9> names;
    while (!tax.empty() && problem.empty()) {
        const std::size_t comma = tax.find(',');
        const std::string_view field = tax.substr(0, comma);
        const std::size_t letter = field.size() >= 2 && field[1] == ':' ? k_sintax_letters.find(field[0]) : std::string_view::npos;
        if (letter == std::string_view::npos || field.size() == 2) {
            problem = "malformed taxonomy field '" + std::string(field) + "' (want <rank letter " +
                      std::string(k_sintax_letters) + ">:<name>)";
        } else if (!names[letter].empty()) {
            problem = "rank '" + std::string(1, field[0]) + "' given twice";
        } else {
            names[letter] = std::string(field.substr(2));
        }
        tax = comma == std::string_view::npos ? std::string_view() : tax.substr(comma + 1);
    }
    return names;
}

}  // namespace

std::vector<AffiliationQuery> read_affiliation_queries(const std::string& path) {
    std::vector<AffiliationQuery> queries;
    std::unordered_set<std::string> seen;
    for_each_record(path, [&](std::size_t record, std::string_view name, std::string_view seq) {
        const auto where = [&] { return path + ": record " + std::to_string(record); };
        std::string id(name.substr(0, name.find_first_of(" \t")));
        if (id.empty()) throw_input_error(where() + ": empty sequence id");
        if (!seen.insert(id).second) throw_input_error(where() + ": duplicate sequence id '" + id + "'");
        std::string sequence(seq);
        for (std::size_t i = 0; i < sequence.size(); ++i) {
            char& c = sequence[i];
            if (c == 'U') c = 'T';
            if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
                throw_input_error(where() + " ('" + id + "'): letter '" + std::string(1, c) + "' at position " +
                                  std::to_string(i + 1) + " (queries must be A, C, G, T or U)");
            }
        }
        queries.push_back({std::move(id), std::move(sequence)});
    });
    return queries;
}

TaxonomyReference read_sintax_reference_fasta(const std::string& path) {
    std::vector<std::array<std::string, 9>> lineages;
    TaxonomyReference ref;
    std::unordered_set<std::string> seen;
    for_each_record(path, [&](std::size_t record, std::string_view name, std::string_view seq) {
        const auto where = [&] { return path + ": record " + std::to_string(record); };
        name = name.substr(0, name.find_first_of(" \t"));
        const std::size_t tax = name.find("tax=");
        if (tax == std::string_view::npos || (tax > 0 && name[tax - 1] != ';')) {
            throw_input_error(where() + ": no ';tax=' field in '" + std::string(name) + "' (SINTAX format)");
        }
        std::string id(name.substr(0, tax == 0 ? 0 : tax - 1));
        std::string_view fields = name.substr(tax + 4);
        fields = fields.substr(0, fields.find(';'));
        std::string problem;
        lineages.push_back(parse_sintax_lineage(fields, problem));
        if (!problem.empty()) throw_input_error(where() + " ('" + id + "'): " + problem);
        if (id.empty() || !seen.insert(id).second) throw_input_error(where() + ": empty or duplicate id '" + id + "'");
        if (seq.empty()) throw_input_error(where() + " ('" + id + "'): empty sequence");
        ref.ids.push_back(std::move(id));
        ref.sequences.emplace_back(seq);
    });
    if (ref.ids.empty()) throw_input_error(path + ": no reference sequences");
    std::vector<std::size_t> used;
    for (std::size_t l = 0; l < k_sintax_letters.size(); ++l) {
        for (const auto& names : lineages) {
            if (!names[l].empty()) { used.push_back(l); break; }
        }
    }
    for (std::size_t l : used) ref.rank_names.emplace_back(k_sintax_rank_names[l]);
    for (const auto& names : lineages) {
        std::vector<std::string>& lineage = ref.lineages.emplace_back();
        for (std::size_t l : used) lineage.push_back(names[l]);
    }
    return ref;
}

}  // namespace plateau::amplicon
