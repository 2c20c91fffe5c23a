#include "flags_taxonomy.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"

#include "amplicon/taxonomy_index.hpp"

namespace plateau::amplicon_cli {

CLI::App* add_db_command(CLI::App& app, DbFlags& f) {
    CLI::App* cmd = app.add_subcommand("db", "Reference database index from a FASTA with taxonomy in the headers");
    cmd->footer(
        "Header layouts (detected from the first record unless --layout):\n"
        "  sintax  >ID;tax=d:Bacteria,p:Firmicutes,...,g:Bacillus;   (vsearch --sintax; letters dkpcofgs)\n"
        "  dada2   >Bacteria;Firmicutes;...;Bacillus;                (assignTaxonomy; ids become ref_1, ref_2, ...)\n"
        "  rdp     >ID Root;Bacteria;Firmicutes;...                  (RDP trainer; a leading Root is dropped)\n"
        "  gold    >ID<TAB>...<TAB>Bacteria; Firmicutes; ...         (last tab-separated field, microbiomeutil gold set)\n"
        "Checks: lineages may stop early but not skip a rank; a name has one parent (the name one rank\n"
        "  above) everywhere, else an error naming both records and parents (--allow-conflicts keeps\n"
        "  them as written, with a warning: the classifiers compare names rank by rank, as vsearch and\n"
        "  dada2 do); ids unique; at least one record; IUPAC nucleotide letters only.\n"
        "The index (versioned, memory-mapped by taxonomy) holds sequences, lineages and the 8-mer tables\n"
        "  of both k-mer methods; it is written under a temporary name and renamed when complete.");
    cmd->add_option("input", f.options.input, "Reference FASTA (plain or gzip)")->required();
    cmd->add_option("-o,--output", f.options.output, "Index file to write")->required();
    cmd->add_option("--layout", f.layout, "Header layout: auto, sintax, dada2, rdp, gold")->capture_default_str();
    cmd->add_option("--ranks", f.ranks, "Rank names, comma-separated, top first (default: the layout's)");
    cmd->add_flag("--allow-conflicts", f.options.parse.allow_conflicts,
                  "Keep names found under two parents (reported as warnings) instead of failing");
    return cmd;
}

CLI::App* add_taxonomy_command(CLI::App& app, TaxonomyFlags& f) {
    auto& o = f.kmer;
    CLI::App* cmd = app.add_subcommand("taxonomy", "Taxonomic affiliation: SINTAX, RDP naive Bayes or best alignment hits");
    cmd->footer(
        "Methods:\n"
        "  sintax  vsearch 2.22.1 --sintax: 100 bootstraps of 32 distinct 8-mers, best hit by shared\n"
        "          8-mers, support per rank; --seed N --threads any = vsearch --randseed N --threads 1 (--db)\n"
        "  rdp     naive Bayes (Wang 2007) as dada2 assignTaxonomy: 8-mer word priors, 100 bootstraps\n"
        "          of 1/8 of the words (R's runif after set.seed(--seed)); under 50 nt not classified (--db)\n"
        "  align   each query aligned (free end gaps; match 2, mismatch -4, gap 20 + 2L) against the\n"
        "          references sharing 8-mers with it; tied best hits give FROGS Multi-affiliation\n"
        "          (--ref-fasta SINTAX FASTA or --db; --multi-hits FROGS' multi_hits.tsv)\n"
        "Output: the affiliation TSV (docs/amplicon.md); --tabbedout: vsearch's sintax table.\n"
        "Queries: A, C, G, T (U) only unless --allow-ambiguous (k-mer methods: IUPAC codes, their 8-mers skipped).");
    cmd->add_option("--method", f.method, "sintax, rdp or align")->capture_default_str();
    cmd->add_option("--db", o.db, "Index written by plateau-amplicon db");
    cmd->add_option("--ref-fasta", f.ref_fasta, "align: reference FASTA in SINTAX format (>id;tax=d:...,g:...;)");
    cmd->add_option("-i,--input,--sintax", o.input, "Query FASTA/FASTQ (plain or gzip)")->required();
    cmd->add_option("-o,--output", o.output, "Affiliation TSV")->required();
    cmd->add_option("--multi-hits", f.multi_hits, "align: FROGS multi_hits.tsv for queries with tied hits");
    cmd->add_option("--tabbedout", o.tabbedout, "sintax: vsearch's --tabbedout table");
    cmd->add_option("--cutoff,--sintax_cutoff", o.cutoff, "sintax: support needed to call a rank")->capture_default_str();
    cmd->add_option("--min-boot,--minBoot", o.min_boot, "rdp: bootstrap support (0-100) needed to call a rank")
        ->capture_default_str();
    cmd->add_option("--strand", f.strand, "plus, or both (the reverse complement competes too)")->capture_default_str();
    cmd->add_option("--seed,--randseed", o.seed, "sintax, rdp: seed of the bootstrap draws")->capture_default_str();
    cmd->add_flag("--allow-ambiguous", o.allow_ambiguous, "sintax, rdp: accept IUPAC codes in queries");
    cmd->add_option("--max-candidates", f.align.max_candidates, "align: alignments per query at most (0: no limit)")
        ->capture_default_str();
    return cmd;
}

std::string run_db_command(DbFlags& f) {
    f.options.parse.layout = amplicon::parse_layout_name(f.layout);
    f.options.parse.rank_names.clear();
    if (!f.ranks.empty()) {
        std::size_t start = 0;
        for (;;) {
            const std::size_t p = f.ranks.find(',', start);
            f.options.parse.rank_names.push_back(f.ranks.substr(start, p == std::string::npos ? p : p - start));
            if (p == std::string::npos) break;
            start = p + 1;
        }
    }
    amplicon::validate(f.options);
    const amplicon::DbSummary s = amplicon::run_db(f.options);
    return std::to_string(s.references) + " references, " + std::to_string(s.ranks) + " ranks, " +
           std::to_string(s.genera) + " distinct lineages, " + std::to_string(s.conflicts) + " conflicts (" +
           amplicon::layout_name(s.layout) + " layout)";
}

namespace {

std::string run_align(TaxonomyFlags& f, const core::cli::RunContext& run) {
    if (f.ref_fasta.empty() == f.kmer.db.empty()) throw_usage_error("--method align: give --ref-fasta or --db (one of them)");
    f.align.threads = run.threads;
    f.align.both_strands = f.strand == "both";
    amplicon::validate(f.align);
    const amplicon::TaxonomyReference ref = f.ref_fasta.empty() ? amplicon::read_taxonomy_db(f.kmer.db)
                                                                : amplicon::read_sintax_reference_fasta(f.ref_fasta);
    const std::vector<amplicon::AffiliationQuery> queries = amplicon::read_affiliation_queries(f.kmer.input);
    const amplicon::AlignAffiliationResult result = amplicon::affiliate_by_alignment(ref, queries, f.align);
    std::size_t assigned = 0, multi = 0;
    for (const auto& hits : result.hits) {
        assigned += hits.empty() ? 0 : 1;
        multi += hits.size() > 1 ? 1 : 0;
    }
    if (result.capped_queries > 0) {
        core::log_warn("amplicon", std::to_string(result.capped_queries) + " queries reached --max-candidates " +
                          std::to_string(f.align.max_candidates) + ": their hits may miss ties");
    }
    std::unique_ptr<core::OutputFile> multi_file;
    if (!f.multi_hits.empty()) {
        multi_file = std::make_unique<core::OutputFile>(f.multi_hits, core::OutputOptions{.sync = false});
        multi_file->write(amplicon::format_multi_hits(ref, result));
    }
    amplicon::write_affiliation_tsv(result.table, f.kmer.output);
    if (multi_file) multi_file->commit();
    return std::to_string(queries.size()) + " queries, " + std::to_string(assigned) + " with hits, " + std::to_string(multi) +
           " with tied hits, " + std::to_string(ref.ids.size()) + " references";
}

}  // namespace

std::string run_taxonomy_command(TaxonomyFlags& f, const core::cli::RunContext& run) {
    if (f.method != "align" && f.method != "sintax" && f.method != "rdp")
        throw_usage_error("--method: '" + f.method + "' is not one of align, sintax, rdp");
    if (f.strand != "plus" && f.strand != "both") throw_usage_error("--strand: '" + f.strand + "' is not plus or both");
    if (f.method == "align") return run_align(f, run);
    auto& o = f.kmer;
    if (!f.ref_fasta.empty()) throw_usage_error("--ref-fasta: --method " + f.method + " reads a db index (--db)");
    o.method = f.method == "rdp" ? amplicon::KmerMethod::rdp : amplicon::KmerMethod::sintax;
    o.both_strands = f.strand == "both";
    o.threads = run.threads;
    o.progress = run.progress;
    amplicon::validate(o);
    const amplicon::KmerTaxonomySummary s = amplicon::run_kmer_taxonomy(o);
    return std::to_string(s.queries) + " queries, " + std::to_string(s.classified) + " classified";
}

}  // namespace plateau::amplicon_cli
