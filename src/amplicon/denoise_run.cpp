// plateau-amplicon denoise: reads the uniques, filters and sorts them as vsearch --cluster_unoise
// does, denoises (unoise.cpp), optionally runs UCHIME3 on the ASVs, and writes the outputs
// atomically once everything is computed.
#include "amplicon/denoise_api.hpp"

#include "amplicon/chimera_input.hpp"
#include "amplicon/swarm_input.hpp"
#include "amplicon/uchime_detect.hpp"
#include "amplicon/unoise.hpp"

#include "core/error.hpp"
#include "core/io/fastx_writer.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <numeric>
#include <utility>
#include <vector>

namespace plateau::amplicon {

void validate(const DenoiseOptions& o) {
    if (o.input.empty()) throw_usage_error("denoise: give the input FASTA (-i)");
    if (o.centroids.empty() && o.uc.empty() && o.nonchimeras.empty() && o.chimeras.empty() && o.uchimeout.empty() &&
        o.uc_nonchimeric.empty()) {
        throw_usage_error("denoise: no output file given (--centroids, --uc, --nonchimeras, ...)");
    }
    if (!(o.alpha > 0.0) || !std::isfinite(o.alpha)) {
        throw_usage_error("--unoise_alpha " + std::to_string(o.alpha) + ": must be a positive number");
    }
    if (o.minsize < 1) throw_usage_error("--minsize 0: must be >= 1");
    if (o.min_seq_length < 1) throw_usage_error("--minseqlength 0: must be >= 1");
    if (o.max_seq_length < o.min_seq_length) throw_usage_error("--maxseqlength must be >= --minseqlength");
    if (!(o.abskew > 0.0)) throw_usage_error("--abskew " + std::to_string(o.abskew) + ": must be > 0");
    if (o.threads < 1 || o.threads > 256) throw_usage_error("-t/--threads " + std::to_string(o.threads) + ": 1 to 256");
}

namespace {

// The label without its size= attribute, as vsearch's header_fprint_strip_size_ee prints it.
std::string strip_size(const std::string& label) {
    const auto span = find_usearch_abundance(label);
    if (!span) return label;
    const std::size_t i = label.find("size=", span->start);
    std::size_t after = i + 5;
    while (after < label.size() && label[after] >= '0' && label[after] <= '9') ++after;
    std::string out;
    if (i > 1) out.append(label, 0, i - 1);
    if (label.size() > after + 1) out.append(label, after, std::string::npos);
    return out;
}

std::vector<unoise::Sequence> read_input(const DenoiseOptions& o, DenoiseSummary& s) {
    auto keep = [&](const UniqueRecord& r) {
        ++s.sequences;
        const std::uint64_t size = r.size == 0 ? 1 : r.size;
        if (r.seq.size() < o.min_seq_length) {
            ++s.discarded_short;
        } else if (r.seq.size() > o.max_seq_length) {
            ++s.discarded_long;
        } else if (size < o.minsize) {
            ++s.discarded_minsize;
        } else {
            return true;
        }
        return false;
    };
    std::vector<unoise::Sequence> seqs;
    for (UniqueRecord& r : read_uniques(o.input, false, keep)) {
        seqs.push_back({std::move(r.label), std::move(r.seq), r.size == 0 ? 1 : r.size});
    }
    std::stable_sort(seqs.begin(), seqs.end(), [](const unoise::Sequence& a, const unoise::Sequence& b) {
        if (a.size != b.size) return a.size > b.size;
        return std::strcmp(a.label.c_str(), b.label.c_str()) < 0;
    });
    for (unoise::Sequence& q : seqs) uchime::dust_mask(q.seq);
    return seqs;
}

struct Asv {
    std::uint32_t seq = 0;  // index of the centroid
    std::uint64_t abundance = 0;
    std::string label;      // label with ;size=<abundance>
    bool chimeric = false;
};

std::vector<Asv> collect_asvs(const std::vector<unoise::Sequence>& seqs, const std::vector<unoise::Assignment>& a) {
    std::vector<Asv> asvs;
    for (std::size_t k = 0; k < seqs.size(); ++k) {
        if (a[k].centroid < 0) asvs.push_back({static_cast<std::uint32_t>(k), 0, {}, false});
        asvs[a[k].cluster].abundance += seqs[k].size;
    }
    for (Asv& v : asvs) v.label = strip_size(seqs[v.seq].label) + ";size=" + std::to_string(v.abundance);
    return asvs;
}

// vsearch's uc: S and H lines in processing order, then the C lines; clusters of chimeric ASVs
// left out when `skip_chimeric`.
std::string format_uc(const std::vector<unoise::Sequence>& seqs, const std::vector<unoise::Assignment>& a,
                      const std::vector<Asv>& asvs, bool skip_chimeric) {
    std::string out;
    char buf[64];
    for (std::size_t k = 0; k < seqs.size(); ++k) {
        const unoise::Assignment& x = a[k];
        if (skip_chimeric && asvs[x.cluster].chimeric) continue;
        const std::string len = std::to_string(seqs[k].seq.size());
        if (x.centroid < 0) {
            out += "S\t" + std::to_string(x.cluster) + "\t" + len + "\t*\t*\t*\t*\t*\t" + seqs[k].label + "\t*\n";
        } else {
            std::snprintf(buf, sizeof buf, "%.1f", x.id);
            out += "H\t" + std::to_string(x.cluster) + "\t" + len + "\t" + buf + "\t+\t0\t0\t" +
                   (x.perfect ? std::string("=") : x.cigar) + "\t" + seqs[k].label + "\t" +
                   seqs[static_cast<std::size_t>(x.centroid)].label + "\n";
        }
    }
    for (std::size_t c = 0; c < asvs.size(); ++c) {
        if (skip_chimeric && asvs[c].chimeric) continue;
        out += "C\t" + std::to_string(c) + "\t" + std::to_string(asvs[c].abundance) + "\t*\t*\t*\t*\t*\t" +
               seqs[asvs[c].seq].label + "\t*\n";
    }
    return out;
}

struct ChimeraTexts {
    std::string nonchimeras, chimeras, uchimeout;
};

// UCHIME3 de novo on the ASVs (vsearch --uchime3_denovo on the centroids file).
ChimeraTexts check_chimeras(const std::vector<unoise::Sequence>& seqs, std::vector<Asv>& asvs,
                            const DenoiseOptions& o, DenoiseSummary& s) {
    std::vector<uchime::Query> queries;
    for (std::size_t c = 0; c < asvs.size(); ++c) {
        queries.push_back({asvs[c].label, seqs[asvs[c].seq].seq, asvs[c].abundance, static_cast<std::uint32_t>(c)});
    }
    const uchime::QuerySet set = uchime::build_query_set(std::move(queries));
    uchime::Params p;
    p.abskew = o.abskew;
    p.uchime3 = true;
    uchime::DetectStats stats;
    core::Progress progress(o.progress, "ASVs checked for chimeras");
    const auto results = uchime::detect(set, p, o.threads, stats, [&](std::size_t done) { progress.update(done); });
    progress.finish();
    ChimeraTexts t;
    s.chimera_checked = true;
    for (std::size_t k = 0; k < results.size(); ++k) {
        const uchime::Query& q = set.queries[k];
        t.uchimeout += results[k].uchimeout;
        if (results[k].status == uchime::chimeric) {
            asvs[q.origin].chimeric = true;
            ++s.chimeras;
            s.chimera_abundance += q.size;
            core::append_fasta(t.chimeras, q.label, q.seq, o.fasta_width);
        } else {
            core::append_fasta(t.nonchimeras, q.label, q.seq, o.fasta_width);
        }
    }
    return t;
}

// Every output, opened before the work starts (a bad path fails at once); committed together.
class Outputs {
public:
    explicit Outputs(const std::vector<std::string>& paths) {
        for (const std::string& path : paths) {
            m_files.push_back(path.empty() ? nullptr
                                           : std::make_unique<core::OutputFile>(path, core::OutputOptions{.sync = false}));
        }
    }
    [[nodiscard]] bool wanted(std::size_t i) const { return m_files[i] != nullptr; }
    void write(std::size_t i, const std::string& text) {
        if (m_files[i]) m_files[i]->write(text);
    }
    void commit() {
        for (auto& f : m_files) {
            if (f) f->commit();
        }
    }

private:
    std::vector<std::unique_ptr<core::OutputFile>> m_files;
};

}  // namespace

DenoiseSummary run_denoise(const DenoiseOptions& o) {
    enum { centroids, uc, uc_nonchimeric, nonchimeras, chimeras, uchimeout };
    Outputs out({o.centroids, o.uc, o.uc_nonchimeric, o.nonchimeras, o.chimeras, o.uchimeout});
    DenoiseSummary s;
    const std::vector<unoise::Sequence> seqs = read_input(o, s);
    core::log_info("amplicon", std::to_string(seqs.size()) + " of " + std::to_string(s.sequences) +
                                   " uniques kept (" + std::to_string(s.discarded_minsize) + " below minsize " +
                                   std::to_string(o.minsize) + ", " + std::to_string(s.discarded_short) +
                                   " short, " + std::to_string(s.discarded_long) + " long)");
    unoise::Params p;
    p.alpha = o.alpha;
    p.threads = o.threads;
    unoise::Stats stats;
    core::Progress progress(o.progress, "uniques denoised");
    const auto assignments = unoise::denoise(seqs, p, stats, [&](std::size_t done) { progress.update(done); });
    progress.finish();
    core::log_debug("amplicon", std::to_string(stats.merged) + " queries merged with their batch's new ASVs");
    std::vector<Asv> asvs = collect_asvs(seqs, assignments);
    s.asvs = asvs.size();
    for (const Asv& v : asvs) s.abundance += v.abundance;
    if (out.wanted(uc_nonchimeric) || out.wanted(nonchimeras) || out.wanted(chimeras) || out.wanted(uchimeout)) {
        const ChimeraTexts chim = check_chimeras(seqs, asvs, o, s);
        out.write(nonchimeras, chim.nonchimeras);
        out.write(chimeras, chim.chimeras);
        out.write(uchimeout, chim.uchimeout);
    }
    if (out.wanted(centroids)) {
        std::string text;
        for (const Asv& v : asvs) core::append_fasta(text, v.label, seqs[v.seq].seq, o.fasta_width);
        out.write(centroids, text);
    }
    if (out.wanted(uc)) out.write(uc, format_uc(seqs, assignments, asvs, false));
    if (out.wanted(uc_nonchimeric)) out.write(uc_nonchimeric, format_uc(seqs, assignments, asvs, true));
    out.commit();
    return s;
}

}  // namespace plateau::amplicon
