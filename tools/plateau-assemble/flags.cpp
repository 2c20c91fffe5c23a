// plateau-assemble's flags (flags.hpp).
#include "flags.hpp"

#include "core/error.hpp"

#include <cstdlib>
#include <sstream>

namespace plateau::assemble_cli {

namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const std::string& v : values) {
        std::stringstream in(v);
        std::string item;
        while (std::getline(in, item, ',')) {
            if (!item.empty()) out.push_back(item);
        }
    }
    return out;
}

std::uint64_t parse_size(const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    std::string unit(end ? end : "");
    double scale = 1;
    if (unit == "K" || unit == "k") scale = 1024.0;
    else if (unit == "M" || unit == "m") scale = 1024.0 * 1024;
    else if (unit == "G" || unit == "g") scale = 1024.0 * 1024 * 1024;
    else if (!unit.empty()) throw_usage_error("--memory '" + text + "': expected a size such as 300M or 2G");
    if (!(value >= 0) || end == text.c_str()) throw_usage_error("--memory '" + text + "': expected a size such as 300M or 2G");
    return std::uint64_t(value * scale);
}

}  // namespace

void add_assemble_flags(CLI::App& app, AssembleFlags& f) {
    auto& o = f.options;
    app.add_option("-1", f.first, "First mates of paired-end libraries (FASTQ/FASTA, plain or gzip; comma-separated)");
    app.add_option("-2", f.second, "Second mates, in the same order as -1");
    app.add_option("-r,--read", f.single, "Single-end reads (comma-separated)");
    app.add_option("-o,--out-dir", o.out_dir, "Output folder: contigs.fa, graph.gfa, assembly.json, assembly.html");
    app.add_option("--k-list", f.k_list, "Comma-separated odd k values, 15-127, increasing (default: from the read length)");
    app.add_option("--min-count", o.min_count, "Solid k-mer threshold (0: first minimum of the k-mer histogram)")
        ->capture_default_str();
    app.add_option("--min-contig-len", o.min_contig_len, "Shortest contig written")->capture_default_str();
    app.add_option("-m,--memory", f.memory, "Cap for the k-mer tables (e.g. 300M, 2G); fail early above it");
    app.add_option("--tip-factor", o.tip_factor, "Clip tips shorter than this many times k")->capture_default_str();
    app.add_option("--bubble-factor", o.bubble_factor, "Merge bubbles up to this many times k")->capture_default_str();
    app.add_option("--disconnect-ratio", o.disconnect_ratio, "Cut links below this ratio of the best neighbour's depth")
        ->capture_default_str();
    app.add_option("--low-local-ratio", o.low_local_ratio, "Remove short unitigs below this ratio of local depth")
        ->capture_default_str();
    app.add_option("--cleaning-rounds", o.cleaning_rounds, "Rounds of graph cleaning")->capture_default_str();
    app.add_flag_callback("--no-mercy", [&o] { o.mercy = false; },
                          "Do not rescue read-supported low-coverage k-mers (mercy k-mers) at the first k");
    app.add_flag_callback("--no-pair-joins", [&o] { o.pair_joins = false; },
                          "Do not join contigs across short repeats and gaps by read pairs after the last k");
}

CLI::App* add_evaluate_command(CLI::App& app, assembly::EvaluateOptions& o) {
    CLI::App* cmd = app.add_subcommand("evaluate", "QUAST-style metrics of an assembly against a reference (minimap2)");
    cmd->add_option("contigs", o.contigs, "Assembly FASTA")->required();
    cmd->add_option("-r,--reference", o.reference, "Reference FASTA")->required();
    cmd->add_option("--paf", o.paf, "Use these alignments (minimap2 -c --cs) instead of running minimap2");
    cmd->add_option("--tsv", o.tsv_out, "Metrics as a two-column TSV (default: standard output)");
    cmd->add_option("--json", o.json_out, "Metrics as JSON with the run envelope");
    cmd->add_option("--html", o.html_out, "Metrics as a self-contained HTML report");
    cmd->add_option("--minimap2", o.minimap2, "The minimap2 binary")->capture_default_str();
    cmd->add_option("-m,--min-contig", o.min_contig, "Shortest contig counted")->capture_default_str();
    cmd->add_option("-i,--min-alignment", o.min_alignment, "Shortest alignment used")->capture_default_str();
    cmd->add_option("--min-identity", o.min_identity, "Lowest alignment identity used, percent")->capture_default_str();
    cmd->add_option("--extensive-mis-size", o.extensive_mis_size, "Relocation threshold, bases")->capture_default_str();
    cmd->add_option("--local-mis-size", o.local_mis_size, "Local misassembly threshold, bases")->capture_default_str();
    return cmd;
}

void finish_assemble_flags(AssembleFlags& f) {
    const auto first = split_commas(f.first);
    const auto second = split_commas(f.second);
    if (first.size() != second.size())
        throw_usage_error("-1 and -2 give " + std::to_string(first.size()) + " and " + std::to_string(second.size()) +
                          " files: every first-mate file needs its second-mate file");
    for (std::size_t i = 0; i < first.size(); ++i) f.options.libraries.push_back({first[i], second[i]});
    for (const std::string& s : split_commas(f.single)) f.options.libraries.push_back({s, ""});
    std::stringstream in(f.k_list);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            f.options.k_list.push_back(std::stoi(item));
        } catch (const std::exception&) {
            throw_usage_error("--k-list: '" + item + "' is not a number");
        }
    }
    if (!f.memory.empty()) f.options.memory_bytes = parse_size(f.memory);
}

}  // namespace plateau::assemble_cli
