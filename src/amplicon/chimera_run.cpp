// plateau-amplicon chimera: reads the uniques (and the count table), runs UCHIME de novo once
// (single sample) or once per sample, applies FROGS' cross-sample rule and writes the outputs
// atomically.
#include "amplicon/chimera_api.hpp"
#include "amplicon/chimera_input.hpp"
#include "amplicon/chimera_samples.hpp"

#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"

#include <memory>
#include <unordered_map>

namespace plateau::amplicon {

void validate(const ChimeraOptions& o) {
    if (o.input.empty()) throw_usage_error("chimera: give the input FASTA");
    if (o.chimeras.empty() && o.nonchimeras.empty() && o.borderline.empty() && o.uchimeout.empty() &&
        o.uchimealns.empty() && o.counts_out.empty()) {
        throw_usage_error("chimera: no output file given (--chimeras, --nonchimeras, --uchimeout, ...)");
    }
    if (!(o.abskew > 0.0)) throw_usage_error("--abskew " + std::to_string(o.abskew) + ": must be > 0");
    if (!(o.minh > 0.0)) throw_usage_error("--minh " + std::to_string(o.minh) + ": must be > 0");
    if (!(o.mindiv > 0.0)) throw_usage_error("--mindiv " + std::to_string(o.mindiv) + ": must be > 0");
    if (o.mindiffs <= 0) throw_usage_error("--mindiffs " + std::to_string(o.mindiffs) + ": must be > 0");
    if (!(o.xn > 1.0)) throw_usage_error("--xn " + std::to_string(o.xn) + ": must be > 1");
    if (!(o.dn > 0.0)) throw_usage_error("--dn " + std::to_string(o.dn) + ": must be > 0");
    if (o.threads < 1 || o.threads > 256) throw_usage_error("-t/--threads " + std::to_string(o.threads) + ": 1 to 256");
    if (!o.counts.empty() && (!o.borderline.empty() || !o.uchimealns.empty())) {
        throw_usage_error("--borderline and --uchimealns are single-sample outputs (not with --counts)");
    }
    if (o.counts.empty() && (!o.counts_out.empty() || o.lenient)) {
        throw_usage_error("--counts-out and --lenient need --counts (per-sample mode)");
    }
}

namespace {

uchime::Params params_of(const ChimeraOptions& o) {
    uchime::Params p;
    p.abskew = o.abskew;
    p.minh = o.minh;
    p.mindiv = o.mindiv;
    p.mindiffs = o.mindiffs;
    p.xn = o.xn;
    p.dn = o.dn;
    p.alignments = !o.uchimealns.empty();
    p.uchime3 = o.uchime3;
    return p;
}

}  // namespace

std::vector<uchime::Result> detect_sample(const uchime::QuerySet& set, const ChimeraOptions& o,
                                          core::ProgressMode mode) {
    core::Progress progress(mode, "uniques checked");
    uchime::DetectStats stats;
    auto results = uchime::detect(set, params_of(o), o.threads, stats, [&](std::size_t done) { progress.update(done); });
    progress.finish();
    core::log_debug("amplicon", std::to_string(set.queries.size()) + " uniques: " + std::to_string(stats.evaluated) +
                                    " evaluated, " + std::to_string(stats.recomputed) + " recomputed (speculated on a query that turned out chimeric)");
    return results;
}

namespace {

std::unique_ptr<core::OutputFile> open_output(const std::string& path) {
    if (path.empty()) return nullptr;
    return std::make_unique<core::OutputFile>(path, core::OutputOptions{.sync = false});
}

void write_and_commit(std::unique_ptr<core::OutputFile>& file, const std::string& text) {
    if (!file) return;
    file->write(text);
    file->commit();
}

ChimeraSummary run_single(const ChimeraOptions& o, core::ProgressMode mode) {
    std::vector<uchime::Query> queries;
    for (UniqueRecord& r : read_uniques(o.input, true)) queries.push_back({std::move(r.label), std::move(r.seq), r.size});
    const uchime::QuerySet set = uchime::build_query_set(std::move(queries));
    const auto results = detect_sample(set, o, mode);
    std::string chim, nonchim, border, table, alns;
    SampleChimeraCounts c;
    c.name = o.input;
    for (std::size_t k = 0; k < results.size(); ++k) {
        const uchime::Query& q = set.queries[k];
        const uchime::Result& r = results[k];
        ++c.uniques;
        c.abundance += q.size;
        table += r.uchimeout;
        alns += r.alignment;
        if (r.status == uchime::chimeric) {
            ++c.chimeric;
            c.chimeric_abundance += q.size;
            c.chimeric_max_abundance = std::max(c.chimeric_max_abundance, q.size);
            if (!o.chimeras.empty()) core::append_fasta(chim, q.label, q.seq, o.fasta_width);
        } else if (r.status == uchime::borderline) {
            ++c.borderline;
            c.borderline_abundance += q.size;
            if (!o.borderline.empty()) core::append_fasta(border, q.label, q.seq, o.fasta_width);
        } else {
            ++c.kept;
            c.kept_abundance += q.size;
            if (!o.nonchimeras.empty()) core::append_fasta(nonchim, q.label, q.seq, o.fasta_width);
        }
    }
    c.removed = c.chimeric;
    c.removed_abundance = c.chimeric_abundance;
    c.removed_max_abundance = c.chimeric_max_abundance;
    auto f1 = open_output(o.chimeras), f2 = open_output(o.nonchimeras), f3 = open_output(o.borderline);
    auto f4 = open_output(o.uchimeout), f5 = open_output(o.uchimealns);
    write_and_commit(f1, chim);
    write_and_commit(f2, nonchim);
    write_and_commit(f3, border);
    write_and_commit(f4, table);
    write_and_commit(f5, alns);
    ChimeraSummary s;
    s.sequences = c.uniques;
    s.removed = c.removed;
    s.removed_abundance = c.removed_abundance;
    s.kept = c.uniques - c.removed;
    s.kept_abundance = c.abundance - c.removed_abundance;
    s.samples.push_back(std::move(c));
    return s;
}

}  // namespace

ChimeraSummary run_chimera(const ChimeraOptions& o) {
    return o.counts.empty() ? run_single(o, o.progress) : run_chimera_per_sample(o, o.progress);
}

}  // namespace plateau::amplicon
