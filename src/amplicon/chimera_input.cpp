#include "amplicon/chimera_input.hpp"

#include "amplicon/swarm_input.hpp"

#include "core/error.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/read_batch.hpp"

namespace plateau::amplicon {

namespace {

bool iupac_letter(char c) {
    switch (c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c) {
        case 'A': case 'C': case 'G': case 'T': case 'U': case 'R': case 'Y': case 'S': case 'W':
        case 'K': case 'M': case 'B': case 'D': case 'H': case 'V': case 'N':
            return true;
        default:
            return false;
    }
}

std::string where(const std::string& path, std::uint64_t record) {
    return path + ": record " + std::to_string(record);
}

void check_record(const std::string& path, UniqueRecord& r, bool require_size) {
    if (r.label.empty()) throw_input_error(where(path, r.record) + ": empty label");
    if (r.seq.empty()) throw_input_error(where(path, r.record) + " ('" + r.label + "'): empty sequence");
    for (char c : r.seq) {
        if (!iupac_letter(c)) {
            throw_input_error(where(path, r.record) + " ('" + r.label + "'): illegal character '" + std::string(1, c) +
                              "' (IUPAC nucleotide codes only)");
        }
    }
    const auto span = find_usearch_abundance(r.label);
    if (span && span->value == 0) throw_input_error(where(path, r.record) + " ('" + r.label + "'): abundance size=0");
    r.size = span ? span->value : 0;
    if (require_size && r.size == 0) {
        throw_input_error(where(path, r.record) + ": abundance annotation ;size=N not found in '" + r.label +
                          "' (dereplicate with --sizeout, or give --counts)");
    }
}

}  // namespace

std::vector<UniqueRecord> read_uniques(const std::string& path, bool require_size) {
    return read_uniques(path, require_size, [](const UniqueRecord&) { return true; });
}

std::vector<UniqueRecord> read_uniques(const std::string& path, bool require_size,
                                       const std::function<bool(const UniqueRecord&)>& keep) {
    std::uint64_t count = 0;
    auto reader = core::SequenceReader::open(path);
    std::vector<UniqueRecord> records;
    core::ReadBatch batch;
    for (;;) {
        batch.clear();
        if (reader->read(batch, 4096, 1U << 22) == 0) break;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            UniqueRecord r;
            const std::string_view name = batch[i].name;
            r.label = std::string(name.substr(0, std::min(name.find_first_of(" \t"), name.size())));
            r.seq = std::string(batch[i].seq);
            r.record = ++count;
            check_record(path, r, require_size);
            if (keep(r)) records.push_back(std::move(r));
        }
    }
    if (count == 0) throw_input_error(path + ": empty input (no FASTA record)");
    return records;
}

std::string count_table_id(const std::string& label) {
    const std::size_t pos = label.rfind(";size=");
    return pos == std::string::npos ? label : label.substr(0, pos);
}

}  // namespace plateau::amplicon
