// plateau-amplicon derep: full-length dereplication across samples with vsearch 2.22.1's
// --derep_fulllength semantics: sequences compared uppercased with U as T; shorter than
// --minseqlength (32) or longer than --maxseqlength dropped; label and sequence of the first
// occurrence; order: abundance desc, then strcmp of the label, then first occurrence.
#include "amplicon/api.hpp"
#include "amplicon/sha1.hpp"

#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/read_batch.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <unordered_map>

namespace plateau::amplicon {

void validate(const DerepOptions& o) {
    if (o.samples.empty()) throw_usage_error("derep: give at least one --sample NAME=FILE or --samples LIST");
    std::set<std::string> names;
    for (const SampleInput& s : o.samples) {
        if (!names.insert(s.name).second) throw_usage_error("--sample " + s.name + ": duplicate sample name");
    }
    if (o.fasta_out.empty()) throw_usage_error("-o/--output: required");
    if (o.min_seq_length < 1 || o.max_seq_length < o.min_seq_length) {
        throw_usage_error("--minseqlength " + std::to_string(o.min_seq_length) + " / --maxseqlength " +
                          std::to_string(o.max_seq_length) + ": need 1 <= min <= max");
    }
    if (o.min_unique_size < 1) throw_usage_error("--minuniquesize 0: must be at least 1");
}

namespace {

struct Unique {
    std::string label, seq;
    std::uint64_t first = 0, size = 0;
    std::vector<std::uint64_t> per_sample;
};

struct Dereplicator {
    const DerepOptions& o;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<Unique> uniques;
    DerepSummary summary;
    std::string key;

    void add(std::string_view name, std::string_view seq, std::size_t sample) {
        ++summary.reads;
        if (seq.size() < o.min_seq_length) { ++summary.discarded_short; return; }
        if (seq.size() > o.max_seq_length) { ++summary.discarded_long; return; }
        key.assign(seq);
        for (char& c : key) {
            c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
            if (c == 'U') c = 'T';
        }
        auto [it, inserted] = index.try_emplace(key, static_cast<std::uint32_t>(uniques.size()));
        if (inserted) {
            Unique u;
            u.label = std::string(name.substr(0, std::min(name.find_first_of(" \t"), name.size())));
            u.seq = std::string(seq);
            u.first = summary.reads;
            u.per_sample.assign(o.samples.size(), 0);
            uniques.push_back(std::move(u));
        }
        Unique& u = uniques[it->second];
        ++u.size;
        ++u.per_sample[sample];
    }

    void read_sample(std::size_t sample) {
        const SampleInput& input = o.samples[sample];
        auto reader = core::SequenceReader::open(input.path);
        core::ReadBatch batch;
        std::uint64_t records = 0;
        try {
            for (;;) {
                batch.clear();
                if (reader->read(batch, 4096, 1U << 22) == 0) break;
                for (std::size_t i = 0; i < batch.size(); ++i) add(batch[i].name, batch[i].seq, sample);
                records += batch.size();
            }
        } catch (const Error& e) {
            const std::string what = e.what();
            if (what.find("record") != std::string::npos) throw;
            throw Error(e.code(), what + " (after record " + std::to_string(reader->records_read()) + ")");
        }
        if (records == 0) throw_input_error(input.path + ": sample " + input.name + " has no records (empty file)");
    }
};

// vsearch strips an existing size= annotation from the label before adding its own.
std::string strip_size(const std::string& label) {
    const auto pos = label.find("size=");
    if (pos == std::string::npos || (pos > 0 && label[pos - 1] != ';')) return label;
    std::size_t end = pos + 5;
    while (end < label.size() && label[end] >= '0' && label[end] <= '9') ++end;
    std::string out = label.substr(0, pos > 0 ? pos - 1 : 0);
    if (end < label.size() && label[end] == ';') ++end;
    if (pos > 0 && end < label.size()) out.push_back(';');
    return out + label.substr(end);
}

std::string output_label(const DerepOptions& o, const Unique& u, std::string& normalized) {
    if (!o.relabel_sha1) return strip_size(u.label);
    normalized = u.seq;
    for (char& c : normalized) {
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        if (c == 'U') c = 'T';
    }
    return sha1_hex(normalized);
}

}  // namespace

DerepSummary run_derep(const DerepOptions& o) {
    Dereplicator d{o, {}, {}, {}, {}};
    for (std::size_t s = 0; s < o.samples.size(); ++s) d.read_sample(s);
    d.index.clear();
    std::vector<std::uint32_t> order(d.uniques.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        const Unique& a = d.uniques[x];
        const Unique& b = d.uniques[y];
        if (a.size != b.size) return a.size > b.size;
        if (const int c = a.label.compare(b.label); c != 0) return c < 0;
        return a.first < b.first;
    });
    core::OutputFile fasta(o.fasta_out, {.sync = false});
    std::unique_ptr<core::OutputFile> counts;
    std::string table = "#id";
    for (const SampleInput& s : o.samples) table.append("\t").append(s.name);
    table.push_back('\n');
    std::string block, normalized;
    for (std::uint32_t i : order) {
        const Unique& u = d.uniques[i];
        if (u.size < o.min_unique_size) continue;
        ++d.summary.uniques;
        const std::string label = output_label(o, u, normalized);
        const std::string header = o.style == AbundanceStyle::usearch ? label + ";size=" + std::to_string(u.size)
                                                                      : label + "_" + std::to_string(u.size);
        core::append_fasta(block, header, u.seq, o.fasta_width);
        table.append(label);
        for (std::uint64_t n : u.per_sample) table.append("\t").append(std::to_string(n));
        table.push_back('\n');
        if (block.size() > (1U << 20)) { fasta.write(block); block.clear(); }
    }
    fasta.write(block);
    if (!o.counts_out.empty()) {
        counts = std::make_unique<core::OutputFile>(o.counts_out, core::OutputOptions{.sync = false});
        counts->write(table);
        counts->commit();
    }
    fasta.commit();
    return d.summary;
}

}  // namespace plateau::amplicon
