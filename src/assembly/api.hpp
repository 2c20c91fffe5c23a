// plateau-assemble's library: de Bruijn graph assembly of short reads (assemble) and QUAST-style
// evaluation of an assembly against a reference (evaluate). Options are plain structs checked by
// validate() (ErrorCode::Usage naming the flag) and read-only afterwards; run_* throw plateau::Error.
#pragma once

#include "core/progress.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace plateau::assembly {

/// One sequencing library: paired (first and second set) or single (second empty).
struct ReadLibrary {
    std::string first;
    std::string second;  // empty: single-end reads
};

struct AssembleOptions {
    std::vector<ReadLibrary> libraries;
    std::string out_dir;                 // -o: created; holds contigs.fa, graph.gfa, assembly.json
    std::vector<int> k_list;             // --k-list: odd, increasing, 15-127; empty: from the read length
    int min_count = 0;                   // --min-count: solid k-mer threshold; 0: first minimum of the histogram
    std::uint32_t min_contig_len = 200;  // --min-contig-len
    std::uint64_t memory_bytes = 0;      // --memory: cap for the k-mer tables; 0: no cap
    int tip_factor = 2;                  // tips shorter than tip_factor * k bases are clipped
    int bubble_factor = 20;              // bubbles up to bubble_factor * k bases are merged
    double disconnect_ratio = 0.1;       // links to a neighbour below this ratio of the best are cut
    double low_local_ratio = 0.2;        // short unitigs below this ratio of their neighbours' depth go
    int cleaning_rounds = 5;
    bool mercy = true;                   // --no-mercy: no rescue of read-supported gaps at the first k
    bool pair_joins = true;              // --no-pair-joins: no joins by read pairs after the last k
    int threads = 2;
    core::ProgressMode progress = core::ProgressMode::automatic;
    std::string command_line;
};

/// Throws ErrorCode::Usage naming the flag, the value and the accepted range.
void validate(const AssembleOptions& options);

struct AssembleSummary {
    std::uint64_t reads = 0;
    std::uint64_t contigs = 0;
    std::uint64_t total_length = 0;
    std::uint64_t n50 = 0;
    std::uint64_t largest = 0;
};

AssembleSummary run_assemble(const AssembleOptions& options);

struct EvaluateOptions {
    std::string contigs;                 // assembly FASTA
    std::string reference;               // reference FASTA
    std::string paf;                     // --paf: read these alignments (minimap2 -c --cs) instead of running minimap2
    std::string tsv_out;                 // --tsv
    std::string json_out;                // --json
    std::string html_out;                // --html
    std::string minimap2 = "minimap2";   // --minimap2: the binary
    std::uint32_t min_contig = 500;      // QUAST --min-contig
    std::uint32_t min_alignment = 65;    // QUAST --min-alignment
    double min_identity = 95.0;          // QUAST --min-identity (percent)
    std::uint32_t extensive_mis_size = 1000;  // QUAST --extensive-mis-size
    std::uint32_t local_mis_size = 200;  // QUAST --local-mis-size
    int threads = 2;
    std::string command_line;
};

void validate(const EvaluateOptions& options);

struct EvaluateSummary {
    std::uint64_t contigs = 0;
    std::uint64_t nga50 = 0;
    double genome_fraction = 0;
    std::uint64_t misassemblies = 0;
};

EvaluateSummary run_evaluate(const EvaluateOptions& options);

}  // namespace plateau::assembly
