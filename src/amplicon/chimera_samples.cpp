#include "amplicon/chimera_samples.hpp"

#include "amplicon/chimera_input.hpp"
#include "amplicon/count_table.hpp"

#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"

#include <algorithm>
#include <memory>

namespace plateau::amplicon {

namespace {

// Row of the count table for each FASTA record; the two must list the same identifiers.
std::vector<std::size_t> match_rows(const std::vector<UniqueRecord>& records, const CountTable& t, const ChimeraOptions& o) {
    const auto& row_of = t.row_of;
    std::vector<std::size_t> rows(records.size());
    std::vector<bool> used(t.ids.size(), false);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const UniqueRecord& rec = records[i];
        std::string id = count_table_id(rec.label);
        const std::string at = o.input + ": record " + std::to_string(rec.record) + " ('" + rec.label + "')";
        auto it = row_of.find(id);
        const std::size_t us = id.rfind('_');
        if (it == row_of.end() && us != std::string::npos && us + 1 < id.size() &&
            id.find_first_not_of("0123456789", us + 1) == std::string::npos) {
            it = row_of.find(id.substr(0, us));  // swarm-style "_N" abundance (derep --abundance-style swarm)
            if (it != row_of.end()) id = it->first;
        }
        if (it == row_of.end()) throw_input_error(at + ": no row '" + id + "' in the count table " + o.counts);
        if (used[it->second]) throw_input_error(at + ": identifier '" + id + "' appears twice in the FASTA");
        used[it->second] = true;
        const std::uint64_t sum = t.row_total(it->second);
        if (rec.size != 0 && rec.size != sum) {
            throw_input_error(at + ": size=" + std::to_string(rec.size) + " but its row in " + o.counts + " (line " +
                              std::to_string(t.lines[it->second]) + ") sums to " + std::to_string(sum));
        }
        rows[i] = it->second;
    }
    for (std::size_t r = 0; r < t.ids.size(); ++r) {
        if (!used[r]) {
            throw_input_error(o.counts + ": line " + std::to_string(t.lines[r]) + ": '" + t.ids[r] + "' has no record in " + o.input);
        }
    }
    return rows;
}

struct Calls {
    std::vector<std::uint32_t> present, chimeric;  // samples, per record
    std::string table;
};

SampleChimeraCounts check_sample(const std::vector<UniqueRecord>& records, const CountTable& t,
                                 const std::vector<std::size_t>& rows, std::size_t s, const ChimeraOptions& o,
                                 Calls& calls) {
    SampleChimeraCounts c;
    c.name = t.samples[s];
    std::vector<uchime::Query> queries;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::uint64_t n = t.count(rows[i], s);
        if (n == 0) continue;
        queries.push_back({t.ids[rows[i]] + ";size=" + std::to_string(n), records[i].seq, n, static_cast<std::uint32_t>(i)});
    }
    const uchime::QuerySet set = uchime::build_query_set(std::move(queries));
    const auto results = detect_sample(set, o, o.progress);
    for (std::size_t k = 0; k < results.size(); ++k) {
        const uchime::Query& q = set.queries[k];
        ++c.uniques;
        c.abundance += q.size;
        ++calls.present[q.origin];
        if (!o.uchimeout.empty()) calls.table.append(c.name).append("\t").append(results[k].uchimeout);
        if (results[k].status == uchime::chimeric) {
            ++calls.chimeric[q.origin];
            ++c.chimeric;
            c.chimeric_abundance += q.size;
            c.chimeric_max_abundance = std::max(c.chimeric_max_abundance, q.size);
        } else if (results[k].status == uchime::borderline) {
            ++c.borderline;
            c.borderline_abundance += q.size;
        }
    }
    return c;
}

void write_outputs(const std::vector<UniqueRecord>& records, const CountTable& t, const std::vector<std::size_t>& rows,
                   const std::vector<bool>& removed, const Calls& calls, const ChimeraOptions& o) {
    std::string kept_fa, removed_fa, table = "#id";
    for (const std::string& s : t.samples) table.append("\t").append(s);
    table.push_back('\n');
    std::vector<bool> row_removed(t.ids.size(), false);
    for (std::size_t i = 0; i < records.size(); ++i) {
        row_removed[rows[i]] = removed[i];
        core::append_fasta(removed[i] ? removed_fa : kept_fa, records[i].label, records[i].seq, o.fasta_width);
    }
    for (std::size_t r = 0; r < t.ids.size(); ++r) {
        if (row_removed[r]) continue;
        table.append(t.ids[r]);
        for (std::size_t s = 0; s < t.samples.size(); ++s) table.append("\t").append(std::to_string(t.count(r, s)));
        table.push_back('\n');
    }
    const std::pair<const std::string*, const std::string*> outputs[] = {
        {&o.nonchimeras, &kept_fa}, {&o.chimeras, &removed_fa}, {&o.uchimeout, &calls.table}, {&o.counts_out, &table}};
    std::vector<std::unique_ptr<core::OutputFile>> files;
    for (const auto& [path, text] : outputs) {
        if (path->empty()) continue;
        files.push_back(std::make_unique<core::OutputFile>(*path, core::OutputOptions{.sync = false}));
        files.back()->write(*text);
    }
    for (auto& f : files) f->commit();
}

}  // namespace

ChimeraSummary run_chimera_per_sample(const ChimeraOptions& o, core::ProgressMode) {
    const std::vector<UniqueRecord> records = read_uniques(o.input, false);
    const CountTable t = read_count_table(o.counts);
    const std::vector<std::size_t> rows = match_rows(records, t, o);
    Calls calls;
    calls.present.assign(records.size(), 0);
    calls.chimeric.assign(records.size(), 0);
    ChimeraSummary summary;
    for (std::size_t s = 0; s < t.samples.size(); ++s) summary.samples.push_back(check_sample(records, t, rows, s, o, calls));
    std::vector<bool> removed(records.size(), false);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::uint64_t total = t.row_total(rows[i]);
        const bool ambiguous = calls.chimeric[i] > 0 && calls.chimeric[i] != calls.present[i];
        removed[i] = o.lenient ? (calls.chimeric[i] > 0 && !ambiguous) : calls.chimeric[i] > 0;
        ++summary.sequences;
        summary.ambiguous += ambiguous ? 1 : 0;
        summary.ambiguous_abundance += ambiguous ? total : 0;
        (removed[i] ? summary.removed : summary.kept) += 1;
        (removed[i] ? summary.removed_abundance : summary.kept_abundance) += total;
        for (std::size_t s = 0; s < t.samples.size(); ++s) {
            const std::uint64_t n = t.count(rows[i], s);
            if (n == 0) continue;
            SampleChimeraCounts& c = summary.samples[s];
            if (removed[i]) {
                ++c.removed;
                c.removed_abundance += n;
                c.removed_max_abundance = std::max(c.removed_max_abundance, n);
            } else {
                ++c.kept;
                c.kept_abundance += n;
            }
        }
    }
    write_outputs(records, t, rows, removed, calls, o);
    return summary;
}

}  // namespace plateau::amplicon
