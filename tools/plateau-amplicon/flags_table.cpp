// plateau-amplicon table's flags (FROGS' spellings for the filters: cluster_filters.py).
#include "flags.hpp"

#include "core/error.hpp"

#include <cstdlib>
#include <ctime>

namespace plateau::amplicon_cli {

CLI::App* add_table_command(CLI::App& app, TableFlags& f) {
    auto& o = f.options;
    CLI::App* cmd = app.add_subcommand(
        "table", "Abundance table from clusters: BIOM 1.0, FROGS abundance.tsv, seeds, composition, filters, report");
    cmd->add_option("--clusters", o.clusters, "Cluster composition: swarm -o list or -u uclust file")->required();
    cmd->add_option("--fasta", o.fasta, "Dereplicated FASTA (derep -o): seed sequences")->required();
    cmd->add_option("--counts", o.counts, "Count table (derep --counts): one row per unique, one column per sample")->required();
    cmd->add_option("--exclude", o.exclude,
                    "Clusters to remove first: seed id or cluster name [TAB reason] per line (chimeras; repeatable)");
    cmd->add_option("--taxonomy", o.taxonomy,
                    "Affiliation TSV (taxonomy -o, affiliation-filter -o) whose ids are the Cluster_<i> names or seed ids");
    cmd->add_option("--biom", o.biom_out, "BIOM 1.0 JSON output")->required();
    cmd->add_option("--tsv", o.tsv_out, "Abundance TSV in FROGS' abundance.tsv layout");
    cmd->add_option("--seeds", o.seeds_out, "Seed FASTA of the kept clusters (>Cluster_<i>)");
    cmd->add_option("--composition", o.composition_out, "Cluster composition, line i = Cluster_i (FROGS' swarms_composition)");
    cmd->add_option("--excluded", o.excluded_out, "Excluded clusters with their reasons (TSV)");
    cmd->add_option("--json", o.json_out, "Run report, JSON (docs/amplicon-report.md)");
    cmd->add_option("--html", o.html_out, "Run report, self-contained HTML");
    cmd->add_option("--min-abundance", f.min_abundance,
                    "Remove clusters with fewer reads: a count (N) or a fraction of all reads (0 < F < 1, e.g. 0.00005)");
    cmd->add_option("--min-sample-presence", o.filters.min_sample_presence, "Remove clusters present in fewer samples");
    cmd->add_option("--nb-biggest-clusters", o.filters.keep_biggest, "Keep only the N clusters with the most reads");
    cmd->add_option("--row-prefix", o.row_prefix, "Observation names <prefix>_<i>")->capture_default_str();
    cmd->add_option("--top-clusters", o.top_clusters, "Clusters per sample in the report")->capture_default_str();
    return cmd;
}

void finish_table_flags(TableFlags& f, const core::cli::RunContext& run) {
    auto& o = f.options;
    o.command_line = run.command_line;
    o.progress = run.progress;
    if (!f.min_abundance.empty()) {
        const std::string& text = f.min_abundance;
        char* end = nullptr;
        if (text.find_first_not_of("0123456789") == std::string::npos) {
            o.filters.min_abundance_count = std::strtoull(text.c_str(), &end, 10);
        } else {
            const double value = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !(value > 0 && value < 1)) {
                throw_usage_error("--min-abundance " + text + ": give a count (an integer) or a fraction in (0, 1)");
            }
            o.filters.min_abundance_fraction = value;
        }
    }
    // Reproducible builds' convention: a fixed BIOM date makes the output the same run to run.
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
        const std::time_t t = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
        std::tm tm{};
        gmtime_r(&t, &tm);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
        o.date = text;
    }
}

}  // namespace plateau::amplicon_cli
