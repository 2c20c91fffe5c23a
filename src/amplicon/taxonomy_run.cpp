// plateau-amplicon db and taxonomy (k-mer methods): options, the ordered query pipeline, outputs.
#include "amplicon/taxonomy_api.hpp"

#include "amplicon/affiliation_tsv_format.hpp"
#include "amplicon/rdp_classify.hpp"
#include "amplicon/sintax_classify.hpp"
#include "amplicon/taxonomy_index.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/log.hpp"
#include "core/pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <unordered_set>

namespace plateau::amplicon {

void validate(const DbOptions& o) {
    if (o.input.empty()) throw_usage_error("db: an input FASTA is required");
    if (o.output.empty()) throw_usage_error("db: -o/--output is required");
}

DbSummary run_db(const DbOptions& o) {
    const ParsedTaxonomy parsed = parse_taxonomy_fasta(o.input, o.parse);
    for (std::size_t i = 0; i < parsed.conflicts.size() && i < 10; ++i) {
        const TaxonomyConflict& c = parsed.conflicts[i];
        core::log_warn("amplicon", o.input + ": " + parsed.reference.rank_names[c.rank] + " '" + c.name + "' is under '" +
                          c.first_parent + "' (" + c.first_id + ") and '" + c.second_parent + "' (" + c.second_id +
                          "); kept as written (--allow-conflicts)");
    }
    if (parsed.conflicts.size() > 10)
        core::log_warn("amplicon", o.input + ": " + std::to_string(parsed.conflicts.size()) + " conflicting records in all");
    write_taxonomy_index(parsed, o.output);
    DbSummary s;
    s.references = parsed.reference.ids.size();
    s.ranks = parsed.reference.rank_names.size();
    s.conflicts = parsed.conflicts.size();
    s.layout = parsed.layout;
    TaxonomyIndex index(o.output);
    s.genera = index.genera();
    return s;
}

void validate(const KmerTaxonomyOptions& o) {
    if (o.db.empty()) throw_usage_error("taxonomy: --db is required");
    if (o.input.empty()) throw_usage_error("taxonomy: -i/--input is required");
    if (o.output.empty()) throw_usage_error("taxonomy: -o/--output is required");
    if (!(o.cutoff >= 0.0 && o.cutoff <= 1.0)) throw_usage_error("taxonomy: --cutoff must be in [0, 1]");
    if (o.min_boot < 0 || o.min_boot > 100) throw_usage_error("taxonomy: --min-boot must be in [0, 100]");
    if (!o.tabbedout.empty() && o.method != KmerMethod::sintax)
        throw_usage_error("taxonomy: --tabbedout is SINTAX's table (--method sintax)");
    if (o.method == KmerMethod::sintax && o.seed > 0xffffffffULL)
        throw_usage_error("taxonomy: --seed must be below 2^32 for SINTAX (glibc's srandom)");
    if (o.threads < 1) throw_usage_error("taxonomy: --threads must be at least 1");
    if (o.method == KmerMethod::rdp && o.input == "-")
        throw_usage_error("taxonomy: --method rdp reads the queries twice (dada2 sizes its draws on the longest): give a file, not -");
}

namespace {

struct QuerySlot {
    core::ReadBatch batch;
    std::vector<GlibcRandom> start;  // SINTAX: the stream at each query
    std::vector<double> uniforms;    // RDP: dada2's runif values from position first_ordinal x L
    std::vector<Affiliation> rows;
    std::vector<std::string> tab_lines;
};

std::string_view query_label(std::string_view name) { return name.substr(0, name.find_first_of(" \t")); }

void check_letters(const core::ReadView& read, std::uint64_t number, bool allow_ambiguous, const std::string& path) {
    static constexpr std::string_view iupac = "ACGTUNRYSWKMBDHV";
    for (char c : read.seq) {
        const bool ok = c == 'A' || c == 'C' || c == 'G' || c == 'T' || c == 'U' ||
                        (allow_ambiguous && iupac.find(c) != std::string_view::npos);
        if (!ok)
            throw_input_error(path + ": record " + std::to_string(number) + " (" + std::string(query_label(read.name)) +
                              "): letter '" + std::string(1, c) + "' is not A, C, G or T" +
                              (allow_ambiguous ? std::string(" nor an IUPAC code") : std::string(" (--allow-ambiguous accepts IUPAC codes)")));
    }
}

// dada2 draws runif(queries x 100 x floor(L/8)) up front; query j reads from j x L on. The window
// keeps the part of that stream the batches in flight still need.
class UniformWindow {
public:
    UniformWindow(std::uint64_t seed, std::uint64_t longest) : m_stream(static_cast<std::uint32_t>(seed)), m_stride(longest) {}
    void fill(QuerySlot& slot) {
        const std::uint64_t begin = slot.batch.first_ordinal * m_stride;
        const std::uint64_t end = (slot.batch.first_ordinal + slot.batch.size() - 1) * m_stride +
                                  static_cast<std::uint64_t>(k_rdp_bootstraps) * (m_stride / 8);
        while (m_base + m_values.size() < end) m_values.push_back(m_stream.next());
        if (begin > m_base) {
            m_values.erase(m_values.begin(), m_values.begin() + static_cast<std::ptrdiff_t>(begin - m_base));
            m_base = begin;
        }
        slot.uniforms.assign(m_values.begin(), m_values.begin() + static_cast<std::ptrdiff_t>(end - m_base));
    }
    [[nodiscard]] std::uint64_t stride() const { return m_stride; }

private:
    RUniformStream m_stream;
    std::uint64_t m_stride;
    std::uint64_t m_base = 0;
    std::vector<double> m_values;
};

// dada2's max_arraylen: the most 8-mer positions of any query (a first pass over the input).
std::uint64_t longest_query_words(const std::string& path) {
    auto reader = core::SequenceReader::open(path);
    core::ReadBatch batch;
    std::uint64_t longest = 0;
    while (reader->read(batch, 4096, std::uint64_t{1} << 26) > 0) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const std::size_t n = batch[i].seq.size();
            if (n >= 8) longest = std::max<std::uint64_t>(longest, n - 7);
        }
        batch.clear();
    }
    return longest;
}

// Rows are written as they come (temporary names, renamed at the end), so memory does not grow
// with the number of queries.
struct Outputs {
    AffiliationTable table;  // method and ranks; rows stay empty
    std::unique_ptr<core::OutputFile> affiliation, tabbed;
    std::unordered_set<std::string> ids;
    KmerTaxonomySummary summary;
};

void consume(QuerySlot& slot, Outputs& out, const std::string& path, const std::string& output) {
    std::string text, tab;
    for (std::size_t i = 0; i < slot.rows.size(); ++i) {
        const Affiliation& a = slot.rows[i];
        if (!out.ids.insert(a.query_id).second)
            throw_input_error(path + ": query id '" + a.query_id + "' given twice (ids must be unique)");
        ++out.summary.queries;
        if (!a.names.empty() && !a.names[0].empty()) ++out.summary.classified;
        if (out.tabbed) tab += a.query_id + "\t" + slot.tab_lines[i] + "\n";
        append_affiliation_row(text, out.table, a, output);
    }
    out.affiliation->write(text);
    if (out.tabbed) out.tabbed->write(tab);
}

void open_outputs(Outputs& out, const TaxonomyIndex& index, const KmerTaxonomyOptions& o) {
    out.table.method = o.method == KmerMethod::sintax ? "sintax" : "rdp";
    for (std::size_t k = 0; k < index.ranks(); ++k) out.table.rank_names.emplace_back(index.rank_name(k));
    out.affiliation = std::make_unique<core::OutputFile>(o.output, core::OutputOptions{.sync = false});
    out.affiliation->write(affiliation_tsv_header(out.table.method, out.table.rank_names));
    if (!o.tabbedout.empty()) out.tabbed = std::make_unique<core::OutputFile>(o.tabbedout, core::OutputOptions{.sync = false});
}

// One classifier per worker thread (each holds its scratch space).
struct Classifiers {
    Classifiers(const TaxonomyIndex& index, const KmerTaxonomyOptions& o) {
        if (o.method == KmerMethod::rdp) model = std::make_unique<RdpModel>(index);
        else table = std::make_shared<const SintaxRowTable>(index);
        for (int w = 0; w < o.threads; ++w) {
            if (model) rdp.push_back(std::make_unique<RdpClassifier>(*model, RdpOptions{o.min_boot, o.both_strands}));
            else sintax.push_back(std::make_unique<SintaxClassifier>(index, SintaxOptions{o.cutoff, o.both_strands}, table));
        }
    }
    std::unique_ptr<RdpModel> model;
    std::shared_ptr<const SintaxRowTable> table;
    std::vector<std::unique_ptr<SintaxClassifier>> sintax;
    std::vector<std::unique_ptr<RdpClassifier>> rdp;
};

}  // namespace

KmerTaxonomySummary run_kmer_taxonomy(const KmerTaxonomyOptions& o) {
    const TaxonomyIndex index(o.db);
    const bool sintax = o.method == KmerMethod::sintax;
    const auto workers = static_cast<std::size_t>(o.threads);
    Classifiers classifiers(index, o);
    auto& sintax_workers = classifiers.sintax;
    auto& rdp_workers = classifiers.rdp;
    std::unique_ptr<UniformWindow> uniforms;
    if (!sintax) uniforms = std::make_unique<UniformWindow>(o.seed, longest_query_words(o.input));
    auto reader = core::SequenceReader::open(o.input);
    GlibcRandom stream(static_cast<std::uint32_t>(o.seed));
    std::uint64_t read_so_far = 0;
    Outputs out;
    open_outputs(out, index, o);
    core::Progress progress(o.progress, "queries");
    core::PipelineStages<QuerySlot> stages;
    stages.produce = [&](QuerySlot& slot) {
        slot.batch.clear();
        slot.start.clear();
        if (reader->read(slot.batch, 256, std::uint64_t{1} << 24) == 0) return false;
        slot.batch.first_ordinal = read_so_far;
        for (std::size_t i = 0; i < slot.batch.size(); ++i) {
            const core::ReadView r = slot.batch[i];
            check_letters(r, read_so_far + i + 1, o.allow_ambiguous, o.input);
            if (!sintax) continue;  // RDP: the batch's draws are taken below
            slot.start.push_back(stream);
            std::size_t plus = 0, minus = 0;
            sintax_word_counts(r.seq, o.both_strands, plus, minus);
            SintaxClassifier::skip_draws(stream, plus, minus);
        }
        read_so_far += slot.batch.size();
        if (!sintax) uniforms->fill(slot);
        return true;
    };
    stages.process = [&](std::size_t worker, QuerySlot& slot) {
        slot.rows.clear();
        slot.tab_lines.clear();
        for (std::size_t i = 0; i < slot.batch.size(); ++i) {
            const core::ReadView r = slot.batch[i];
            const std::string_view id = query_label(r.name);
            if (sintax) {
                std::string line;
                slot.rows.push_back(sintax_workers[worker]->classify(id, r.seq, slot.start[i], line));
                slot.tab_lines.push_back(std::move(line));
            } else {
                slot.rows.push_back(rdp_workers[worker]->classify(id, r.seq, slot.uniforms.data() + i * uniforms->stride()));
            }
        }
    };
    stages.consume = [&](QuerySlot& slot) {
        consume(slot, out, o.input, o.output);
        progress.update(out.summary.queries);
    };
    core::run_ordered_pipeline(workers, stages);
    progress.finish();
    if (out.tabbed) out.tabbed->commit();
    out.affiliation->commit();
    return out.summary;
}

}  // namespace plateau::amplicon
