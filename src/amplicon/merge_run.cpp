// plateau-amplicon merge: options check and the run. Each sample streams through the ordered
// pipeline (core/pipeline.hpp): the reader thread reads pairs in step (core::PairedReader checks
// counts and mate names), workers merge them (PairMerger, one per worker), and the calling thread
// writes them in input order (MergeWriter), so the output is the same at any thread count.
#include "amplicon/merge_api.hpp"
#include "amplicon/merge_output.hpp"
#include "amplicon/merge_scoring.hpp"
#include "amplicon/pair_merger.hpp"

#include "core/error.hpp"
#include "core/io/paired_reader.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/pipeline.hpp"
#include "core/progress.hpp"

#include <optional>
#include <set>

namespace plateau::amplicon {

namespace {

constexpr std::size_t k_batch_pairs = 512;  // vsearch: chunks of 500 pairs
constexpr std::uint64_t k_batch_bases = 512U << 10;

void check_range(const char* flag, std::int64_t value, std::int64_t low, std::int64_t high) {
    if (value < low || value > high)
        throw_usage_error(std::string(flag) + " " + std::to_string(value) + ": must be between " + std::to_string(low) +
                          " and " + std::to_string(high));
}

void validate_samples(const MergeOptions& o) {
    if (o.samples.empty()) throw_usage_error("merge: give --fastq_mergepairs R1 --reverse R2, --sample NAME=R1,R2 or --samples SHEET");
    std::set<std::string> names;
    for (const PairedSample& s : o.samples) {
        if (s.read1.empty() || s.read2.empty()) throw_usage_error("merge: sample '" + s.name + "' needs two files (R1 and R2)");
        if (s.name.empty() && o.samples.size() > 1) throw_usage_error("merge: every sample needs a name when there are several");
        if (!s.name.empty() && !names.insert(s.name).second) throw_usage_error("--sample " + s.name + ": duplicate sample name");
        if (s.name.find_first_of(" \t;=") != std::string::npos)
            throw_usage_error("--sample '" + s.name + "': a sample name cannot hold blanks, ';' or '='");
    }
}

struct MergeSlot {
    core::ReadBatch r1, r2;
    std::vector<MatePair> pairs;
};

// vsearch reads sequences upper-cased; anything but a letter becomes N.
void copy_upper(std::string& to, std::string_view from) {
    to.resize(from.size());
    for (std::size_t i = 0; i < from.size(); ++i) {
        const char c = from[i];
        to[i] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : (c >= 'A' && c <= 'Z' ? c : 'N');
    }
}

void merge_batch(PairMerger& merger, MergeSlot& slot) {
    if (slot.pairs.size() < slot.r1.size()) slot.pairs.resize(slot.r1.size());
    for (std::size_t i = 0; i < slot.r1.size(); ++i) {
        MatePair& p = slot.pairs[i];
        const core::ReadView a = slot.r1[i], b = slot.r2[i];
        copy_upper(p.fwd_seq, a.seq);
        copy_upper(p.rev_seq, b.seq);
        p.fwd_qual.assign(a.qual);
        p.rev_qual.assign(b.qual);
        merger.process(p);
    }
}

[[noreturn]] void bad_quality(const MergeOptions& o, const PairedSample& s, const MergeSlot& slot, std::size_t i) {
    const MatePair& p = slot.pairs[i];
    const bool low = p.bad_quality_value < o.qmin;
    throw_input_error((p.bad_quality_mate == 1 ? s.read1 : s.read2) + ": record " +
                      std::to_string(slot.r1.first_ordinal + i + 1) + ": quality value " +
                      std::to_string(p.bad_quality_value) + " at position " + std::to_string(p.bad_quality_position + 1) +
                      (low ? " below --fastq_qmin " + std::to_string(o.qmin)
                           : " above --fastq_qmax " + std::to_string(o.qmax) + " (allow it with --fastq_qmax " +
                                 std::to_string(p.bad_quality_value) + ")") +
                      " with --fastq_ascii " + std::to_string(o.ascii));
}

class PairSource {
public:
    explicit PairSource(const PairedSample& s) {
        auto first = core::SequenceReader::open(s.read1);
        auto second = core::SequenceReader::open(s.read2);
        for (const auto* reader : {first.get(), second.get()}) {
            if (reader->format() != core::SequenceFormat::fastq)
                throw_input_error(reader->path() + ": not FASTQ (merging needs base qualities)");
        }
        m_reader.emplace(std::move(first), std::move(second));
    }
    bool next(MergeSlot& slot) {
        slot.r1.clear();
        slot.r2.clear();
        const std::size_t n = m_reader->read(slot.r1, slot.r2, k_batch_pairs, k_batch_bases);
        slot.r1.first_ordinal = slot.r2.first_ordinal = m_pairs;
        m_pairs += n;
        return n > 0;
    }
    [[nodiscard]] std::uint64_t pairs() const { return m_pairs; }

private:
    std::optional<core::PairedReader> m_reader;
    std::uint64_t m_pairs = 0;
};

MergeCounts merge_sample(const MergeOptions& o, const PairedSample& s, const MergeTables& tables, MergeWriter& writer,
                         core::Progress& progress, std::uint64_t& done) {
    PairSource source(s);
    writer.begin_sample(s);
    std::vector<PairMerger> mergers(static_cast<std::size_t>(o.threads), PairMerger(o, tables));
    core::PipelineStages<MergeSlot> stages;
    stages.produce = [&](MergeSlot& slot) { return source.next(slot); };
    stages.process = [&](std::size_t w, MergeSlot& slot) { merge_batch(mergers[w], slot); };
    stages.consume = [&](MergeSlot& slot) {
        for (std::size_t i = 0; i < slot.r1.size(); ++i) {
            if (slot.pairs[i].bad_quality_mate != 0) bad_quality(o, s, slot, i);
            writer.add(slot.r1[i].name, slot.r2[i].name, slot.pairs[i]);
        }
        writer.flush();
        done += slot.r1.size();
        progress.update(done);
    };
    core::run_ordered_pipeline(mergers.size(), stages);
    if (source.pairs() == 0 && !s.name.empty())
        throw_input_error(s.read1 + ": sample " + s.name + " has no read pairs (empty file)");
    return writer.sample_counts();
}

}  // namespace

void validate(const MergeOptions& o) {
    validate_samples(o);
    if (o.ascii != 33 && o.ascii != 64) throw_usage_error("--fastq_ascii " + std::to_string(o.ascii) + ": must be 33 or 64");
    if (o.qmin > o.qmax) throw_usage_error("--fastq_qmin " + std::to_string(o.qmin) + ": larger than --fastq_qmax " + std::to_string(o.qmax));
    check_range("--fastq_qmin", o.qmin, 33 - o.ascii, 126 - o.ascii);
    check_range("--fastq_qmax", o.qmax, 33 - o.ascii, 126 - o.ascii);
    check_range("--fastq_qminout", o.qminout, 0, o.qmaxout);
    check_range("--fastq_qmaxout", o.qmaxout, o.qminout, 93);
    check_range("--fastq_minovlen", o.min_overlap, 5, INT32_MAX);
    check_range("--fastq_maxdiffs", o.max_diffs, 0, INT64_MAX);
    check_range("--fastq_minlen", o.min_len, 0, INT64_MAX);
    check_range("--fastq_maxns", o.max_ns, 0, INT64_MAX);
    check_range("--threads", o.threads, 1, 1024);
    check_range("--compression", o.compression, 1, 12);
    if (o.max_diff_pct < 0) throw_usage_error("--fastq_maxdiffpct: must not be negative");
    if (o.max_merge_len < o.min_merge_len) throw_usage_error("--fastq_maxmergelen: below --fastq_minmergelen");
    if (o.fastq_out.empty() && o.fasta_out.empty() && o.notmerged_fwd_fastq.empty() && o.notmerged_rev_fastq.empty() &&
        o.notmerged_fwd_fasta.empty() && o.notmerged_rev_fasta.empty() && o.ee_tabbed_out.empty())
        throw_usage_error("merge: no output (--fastqout, --fastaout, --fastqout_notmerged_fwd, ...)");
    if (o.keep_unmerged && o.fastq_out.empty() && o.fasta_out.empty())
        throw_usage_error("--keep-unmerged: needs --fastqout or --fastaout (combined reads go there)");
}

MergeSummary run_merge(const MergeOptions& o) {
    validate(o);
    const MergeTables tables(o);
    MergeWriter writer(o);
    core::Progress progress(o.progress, "pairs");
    MergeSummary summary;
    std::uint64_t done = 0;
    for (const PairedSample& s : o.samples) {
        summary.samples.push_back({s.name, merge_sample(o, s, tables, writer, progress, done)});
        summary.total.add(summary.samples.back().counts);
    }
    progress.finish();
    writer.commit();
    return summary;
}

}  // namespace plateau::amplicon
