#include "flags_taxonomy.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"

namespace plateau::amplicon_cli {

CLI::App* add_taxonomy_command(CLI::App& app, TaxonomyFlags& f) {
    CLI::App* cmd = app.add_subcommand("taxonomy", "Taxonomic affiliation of sequences (FROGS-style best alignment hits)");
    cmd->footer(
        "--method align: each query is aligned (free end gaps; match 2, mismatch -4, gap 20 + 2L)\n"
        "  against the references sharing 8-mers with it, until no other reference can reach the best\n"
        "  score; the references tied at the best score are the hits; ranks where they disagree, and\n"
        "  every rank below, become Multi-affiliation (FROGS). -o writes the affiliation TSV\n"
        "  (docs/amplicon.md), --multi-hits FROGS' multi_hits.tsv for queries with tied hits.\n"
        "Example: plateau-amplicon taxonomy --method align --ref-fasta ref_sintax.fa -i seeds.fa\n"
        "  -o affiliation.tsv --multi-hits multi_hits.tsv -t 4");
    cmd->add_option("--method", f.method, "align (this build; sintax and rdp come with the db index)")
        ->check(CLI::IsMember({"align", "sintax", "rdp"}))->capture_default_str();
    cmd->add_option("--ref-fasta", f.ref_fasta, "Reference FASTA in SINTAX format (>id;tax=d:...,g:...;)");
    cmd->add_option("--db", f.db, "Reference index built by `plateau-amplicon db`");
    cmd->add_option("-i,--input", f.input, "Query FASTA/FASTQ (plain or gzip), letters A C G T U")->required();
    cmd->add_option("-o,--output", f.output, "Affiliation TSV")->required();
    cmd->add_option("--multi-hits", f.multi_hits, "FROGS multi_hits.tsv: every tied hit of queries with more than one");
    cmd->add_option("--strand", f.strand, "plus, or both (the reverse complement competes too)")
        ->check(CLI::IsMember({"plus", "both"}))->capture_default_str();
    cmd->add_option("--max-candidates", f.align.max_candidates, "Alignments per query at most (0: no limit)")
        ->capture_default_str();
    return cmd;
}

std::string run_taxonomy_command(TaxonomyFlags& f, const core::cli::RunContext& run) {
    if (f.method != "align") throw_usage_error("--method " + f.method + ": not in this build (align only)");
    if (!f.db.empty()) throw_usage_error("--db: this build reads --ref-fasta only");
    if (f.ref_fasta.empty()) throw_usage_error("--ref-fasta: required with --method align");
    f.align.threads = run.threads;
    f.align.both_strands = f.strand == "both";
    amplicon::validate(f.align);
    const amplicon::TaxonomyReference ref = amplicon::read_sintax_reference_fasta(f.ref_fasta);
    const std::vector<amplicon::AffiliationQuery> queries = amplicon::read_affiliation_queries(f.input);
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
    amplicon::write_affiliation_tsv(result.table, f.output);
    if (multi_file) multi_file->commit();
    return std::to_string(queries.size()) + " queries, " + std::to_string(assigned) + " with hits, " + std::to_string(multi) +
           " with tied hits, " + std::to_string(ref.ids.size()) + " references";
}

}  // namespace plateau::amplicon_cli
