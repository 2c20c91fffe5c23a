// QUAST's assembly metrics (QUAST 5.2 manual; thresholds of its defaults) from PAF alignments:
// contiguity (N50, NG50, NA50, NGA50 and their L counts), misassemblies (relocation: flanking
// alignments more than --extensive-mis-size apart or overlapping on the reference; inversion:
// different strands; translocation: different reference sequences; local: between
// --local-mis-size and --extensive-mis-size), genome fraction, duplication ratio, mismatches and
// indels per 100 kbp, largest and total alignment, unaligned contigs.
//
// Alignment choice is simpler than QUAST's best-set selection: per contig, alignments (not
// secondary, at least min_alignment long, at least min_identity identical) in query order, each
// one contained in the query span of an earlier one dropped. A breakpoint that wraps around the
// start of a circular reference sequence is not a misassembly (QUAST's cyclic_ref_len).
#pragma once

#include "assembly/paf.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plateau::assembly {

struct EvaluationThresholds {
    std::uint64_t min_contig = 500;
    std::uint64_t min_alignment = 65;
    double min_identity = 95.0;
    std::int64_t extensive_mis_size = 1000;
    std::int64_t local_mis_size = 200;
    std::uint64_t unaligned_part_size = 500;
    bool circular = true;
};

struct AssemblyMetrics {
    std::uint64_t contigs = 0, total_length = 0, largest_contig = 0;
    std::uint64_t n50 = 0, l50 = 0, ng50 = 0, lg50 = 0;  // ng50/lg50 0: the assembly covers < 50% of the reference
    std::uint64_t na50 = 0, la50 = 0, nga50 = 0, lga50 = 0;
    std::uint64_t reference_length = 0;
    double genome_fraction = 0;  // percent
    double duplication_ratio = 0;
    double mismatches_per_100kbp = 0, indels_per_100kbp = 0;
    std::uint64_t mismatches = 0, indels = 0;
    std::uint64_t largest_alignment = 0, total_aligned_length = 0;
    std::uint64_t misassemblies = 0, relocations = 0, inversions = 0, translocations = 0;
    std::uint64_t local_misassemblies = 0, misassembled_contigs = 0;
    std::uint64_t unaligned_contigs = 0, partially_unaligned_contigs = 0, unaligned_length = 0;
};

/// Nx of lengths against `total` (x in percent); returns {Nx, Lx}, {0, 0} when the lengths sum
/// to less than x% of total.
[[nodiscard]] std::pair<std::uint64_t, std::uint64_t> nx_lx(std::vector<std::uint64_t> lengths, std::uint64_t total,
                                                           double x = 50);

/// contigs: name -> length (all contigs; those below min_contig are left out);
/// reference: sequence name -> length.
[[nodiscard]] AssemblyMetrics compute_metrics(const std::map<std::string, std::uint64_t>& contigs,
                                              const std::map<std::string, std::uint64_t>& reference,
                                              const std::vector<Alignment>& alignments,
                                              const EvaluationThresholds& thresholds);

}  // namespace plateau::assembly
