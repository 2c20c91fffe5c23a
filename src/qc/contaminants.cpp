#include "qc/contaminants.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fstream>

namespace plateau::qc {
namespace {

struct Run {
    int length = 0;
    int identity = 0;
};

bool better(const std::optional<Run>& best, int length, int identity) {
    return !best || best->length < length || (best->length == length && best->identity < identity);
}

// Contaminant.findMatch(ca, cb, offset): runs with at most one mismatch, contaminant position i
// against query position i + offset.
std::optional<Run> match_at(std::string_view contaminant, std::string_view query, int offset) {
    std::optional<Run> best;
    int mismatches = 0, start = 0, end = 0;
    for (int i = 0; i < static_cast<int>(contaminant.size()); ++i) {
        if (i + offset < 0) {
            start = i + 1;
            continue;
        }
        if (i + offset >= static_cast<int>(query.size())) break;
        if (contaminant[static_cast<std::size_t>(i)] == query[static_cast<std::size_t>(i + offset)]) {
            end = i;
            continue;
        }
        if (++mismatches <= 1) continue;
        const int length = 1 + end - start;
        const int identity = ((length - (mismatches - 1)) * 100) / std::max(length, 1);
        if (length > 20 && better(best, length, identity)) best = Run{length, identity};
        start = end = i + 1;
        mismatches = 0;
    }
    const int length = 1 + end - start;
    const int identity = ((length - mismatches) * 100) / std::max(length, 1);
    if (length > 20 && better(best, length, identity)) best = Run{length, identity};
    return best;
}

std::optional<Run> match_contaminant(const Contaminant& c, std::string_view query) {
    if (query.size() >= 8 && query.size() < 20) {
        if (c.forward.find(query) != std::string::npos || c.reverse.find(query) != std::string::npos)
            return Run{static_cast<int>(query.size()), 100};
    }
    std::optional<Run> best;
    for (const std::string* strand : {&c.forward, &c.reverse}) {
        const int first = -(static_cast<int>(strand->size()) - 20), last = static_cast<int>(query.size()) - 20;
        for (int offset = first; offset < last; ++offset) {
            const std::optional<Run> hit = match_at(*strand, query, offset);
            if (hit && (!best || hit->length > best->length)) best = hit;
        }
    }
    return best;
}

}  // namespace

Contaminant make_contaminant(std::string name, std::string_view sequence) {
    Contaminant c{std::move(name), std::string(sequence), std::string(sequence.size(), 'N')};
    for (std::size_t i = 0; i < c.forward.size(); ++i) {
        char& base = c.forward[i];
        if (base >= 'a' && base <= 'z') base = static_cast<char>(base - 'a' + 'A');
        const char complement = base == 'A' ? 'T' : base == 'C' ? 'G' : base == 'G' ? 'C' : base == 'T' ? 'A' : '\0';
        if (complement == '\0') throw_input_error("contaminant '" + c.name + "': illegal character '" + std::string(1, base) + "'");
        c.reverse[c.forward.size() - 1 - i] = complement;
    }
    return c;
}

std::vector<Contaminant> builtin_contaminants() {
    // Illumina Adapter Sequences (document 1000000002694): TruSeq, small RNA, Nextera, flow cell.
    static constexpr std::pair<const char*, const char*> k_list[] = {
        {"Illumina TruSeq Adapter, Read 1", "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"},
        {"Illumina TruSeq Adapter, Read 2", "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"},
        {"Illumina TruSeq Universal Adapter", "AATGATACGGCGACCACCGAGATCTACACTCTTTCCCTACACGACGCTCTTCCGATCT"},
        {"Illumina P5 Flow Cell Primer", "AATGATACGGCGACCACCGAGATCTACAC"},
        {"Illumina P7 Flow Cell Primer", "CAAGCAGAAGACGGCATACGAGAT"},
        {"Illumina TruSeq Small RNA 3' Adapter (RA3)", "TGGAATTCTCGGGTGCCAAGG"},
        {"Illumina TruSeq Small RNA 5' Adapter (RA5)", "GTTCAGAGTTCTACAGTCCGACGATC"},
        {"Nextera Transposase Adapter, Read 1", "TCGTCGGCAGCGTCAGATGTGTATAAGAGACAG"},
        {"Nextera Transposase Adapter, Read 2", "GTCTCGTGGGCTCGGAGATGTGTATAAGAGACAG"},
        {"Nextera Read-through (Read 1 and 2)", "CTGTCTCTTATACACATCT"},
    };
    std::vector<Contaminant> list;
    for (const auto& [name, sequence] : k_list) list.push_back(make_contaminant(name, sequence));
    return list;
}

std::vector<Contaminant> read_contaminant_list(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw_io_error(path + ": cannot open the contaminant list");
    std::vector<Contaminant> list;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        while (!line.empty() && (line.back() == '\r' || line.back() == '\t')) line.pop_back();  // Java's split drops trailing fields
        if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::size_t tab = line.find('\t');
        const std::size_t next = tab == std::string::npos ? tab : line.find_first_not_of('\t', tab);
        if (tab == 0 || next == std::string::npos || line.find('\t', next) != std::string::npos) continue;  // not 2 fields
        try {
            list.push_back(make_contaminant(line.substr(0, tab), std::string_view(line).substr(next)));
        } catch (const Error& e) {
            throw_input_error(path + ": line " + std::to_string(number) + ": " + e.what());
        }
    }
    return list;
}

std::optional<ContaminantHit> best_contaminant_hit(std::string_view sequence, const std::vector<Contaminant>& list) {
    std::string query(sequence);
    for (char& c : query)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    std::optional<ContaminantHit> best;
    for (const Contaminant& c : list) {
        const std::optional<Run> hit = match_contaminant(c, query);
        if (!hit) continue;
        if (!best || hit->length > best->length || (hit->length == best->length && hit->identity > best->percent_identity))
            best = ContaminantHit{&c, hit->length, hit->identity};
    }
    return best;
}

std::string possible_source(std::string_view sequence, const std::vector<Contaminant>& list) {
    const std::optional<ContaminantHit> hit = best_contaminant_hit(sequence, list);
    if (!hit) return "No Hit";
    return hit->contaminant->name + " (" + std::to_string(hit->percent_identity) + "% over " + std::to_string(hit->length) + "bp)";
}

}  // namespace plateau::qc
