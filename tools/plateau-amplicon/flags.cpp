// plateau-amplicon's flags: cluster uses swarm 3.1.2's spellings, derep vsearch's.
#include "flags.hpp"

#include "core/error.hpp"

#include <fstream>
#include <sstream>

namespace plateau::amplicon_cli {

CLI::App* add_cluster_command(CLI::App& app, amplicon::ClusterOptions& o) {
    CLI::App* cmd = app.add_subcommand("cluster", "Swarm clustering (d = 0, 1 with -f, > 1), outputs byte-identical to swarm 3.1.2");
    cmd->add_option("input", o.input, "Dereplicated FASTA with abundances (_N, or ;size=N with -z); - for stdin");
    cmd->add_option("-d,--differences", o.differences,
                    "Maximum number of differences between linked amplicons, 0 to 255 (0: dereplication)")
        ->capture_default_str();
    cmd->add_flag("-n,--no-otu-breaking", o.no_otu_breaking, "Link amplicons whatever their abundances");
    cmd->add_flag("-f,--fastidious", o.fastidious, "Graft light swarms onto heavy ones (2 differences; d = 1 only)");
    const auto scoring = [cmd](const char* flags, std::optional<std::int64_t>& value, const char* what) {
        cmd->add_option_function<std::int64_t>(flags, [&value](std::int64_t v) { value = v; }, what);
    };
    scoring("-m,--match-reward", o.match_reward, "Alignment match reward, d > 1 (5)");
    scoring("-p,--mismatch-penalty", o.mismatch_penalty, "Alignment mismatch penalty, d > 1 (4)");
    scoring("-g,--gap-opening-penalty", o.gap_opening, "Alignment gap opening penalty, d > 1 (12)");
    scoring("-e,--gap-extension-penalty", o.gap_extension, "Alignment gap extension penalty, d > 1 (4)");
    cmd->add_option_function<std::uint64_t>(
        "-b,--boundary", [&o](std::uint64_t b) { o.boundary = b; o.boundary_given = true; },
        "Minimum mass of heavy swarms with -f (3)");
    cmd->add_flag("-z,--usearch-abundance", o.usearch_abundance, "Abundances are ;size=N annotations");
    cmd->add_flag("-r,--mothur", o.mothur, "Write -o in mothur's list format");
    cmd->add_option("-o,--output-file", o.output, "Swarms, one per line (default: standard output)");
    cmd->add_option("-s,--statistics-file", o.statistics, "Statistics per swarm");
    cmd->add_option("-w,--seeds", o.seeds, "Seed sequences with swarm masses");
    cmd->add_option("-u,--uclust-file", o.uclust, "Swarms in uclust format");
    cmd->add_option("-i,--internal-structure", o.internal_structure, "Links inside swarms");
    return cmd;
}

CLI::App* add_derep_command(CLI::App& app, DerepFlags& f) {
    auto& o = f.options;
    CLI::App* cmd = app.add_subcommand("derep", "Cross-sample dereplication (vsearch --derep_fulllength order)");
    cmd->add_option("--sample", f.samples, "NAME=FILE, FASTA or FASTQ, plain or gzip (repeat, in order)");
    cmd->add_option("--samples", f.sample_list, "Tab-separated file of sample name and path, one per line");
    cmd->add_option("-o,--output", o.fasta_out, "Dereplicated FASTA")->required();
    cmd->add_option("--counts", o.counts_out, "Count table TSV: one row per unique, one column per sample");
    cmd->add_option("--abundance-style", f.style, "usearch (;size=N) or swarm (_N)")->capture_default_str();
    cmd->add_flag("--relabel_sha1,--relabel-sha1", o.relabel_sha1, "Label uniques with the SHA-1 of their sequence");
    cmd->add_option("--minseqlength", o.min_seq_length, "Discard shorter sequences")->capture_default_str();
    cmd->add_option("--maxseqlength", o.max_seq_length, "Discard longer sequences")->capture_default_str();
    cmd->add_option("--minuniquesize", o.min_unique_size, "Write only uniques this abundant")->capture_default_str();
    cmd->add_option("--fasta_width,--fasta-width", o.fasta_width, "FASTA line width (0: one line)")->capture_default_str();
    return cmd;
}

namespace {
amplicon::SampleInput parse_sample(const std::string& spec, const std::string& where) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
        throw_usage_error(where + " '" + spec + "': expected NAME=FILE");
    }
    return {spec.substr(0, eq), spec.substr(eq + 1)};
}
}  // namespace

void finish_derep_flags(DerepFlags& f) {
    for (const std::string& spec : f.samples) f.options.samples.push_back(parse_sample(spec, "--sample"));
    if (!f.sample_list.empty()) {
        // The sheet is input data: its errors are ErrorCode::InvalidInput (exit 1), naming file and line.
        std::ifstream in(f.sample_list);
        if (!in) throw_input_error(f.sample_list + ": cannot be read (--samples)");
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            if (line.empty() || line[0] == '#') continue;
            const auto tab = line.find('\t');
            const std::string where = f.sample_list + ": line " + std::to_string(n);
            if (tab == std::string::npos || tab == 0 || tab + 1 == line.size() ||
                line.find('\t', tab + 1) != std::string::npos) {
                throw_input_error(where + ": expected two tab-separated columns, sample name and path");
            }
            const std::string name = line.substr(0, tab);
            for (const auto& earlier : f.options.samples) {
                if (earlier.name == name) throw_input_error(where + ": duplicate sample name '" + name + "'");
            }
            f.options.samples.push_back({name, line.substr(tab + 1)});
        }
    }
    if (f.style == "usearch") {
        f.options.style = amplicon::AbundanceStyle::usearch;
    } else if (f.style == "swarm") {
        f.options.style = amplicon::AbundanceStyle::swarm;
    } else {
        throw_usage_error("--abundance-style " + f.style + ": must be usearch or swarm");
    }
}

}  // namespace plateau::amplicon_cli
