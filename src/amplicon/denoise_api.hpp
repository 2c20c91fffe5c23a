// plateau::amplicon denoise — exact sequence variants (ASVs) with UNOISE3 semantics, identical to
//   vsearch 2.22.1 --cluster_unoise INPUT --sizein --sizeout --centroids C --uc U
// (unoise.hpp has the algorithm). Input: dereplicated FASTA with ;size=N (absent: 1); labels cut at
// the first blank; sequences shorter than --minseqlength or longer than --maxseqlength, and those
// below --minsize, are discarded first (as vsearch does). Outputs, written atomically:
//   centroids: the ASVs in decreasing abundance, DUST-masked runs in lowercase as vsearch writes
//              them, labels with ;size= replaced by the ASV's total abundance;
//   uc:        vsearch's uclust layout (S/H lines in processing order, then one C line per ASV),
//              which `plateau-amplicon table --clusters` reads as the cluster composition.
// Optionally the ASVs then go through UCHIME3 de novo (vsearch --uchime3_denovo: abskew 16,
// chimeric exactly when the model matches the query and no parent does), written to
// nonchimeras/chimeras/uchimeout and removed from the table's composition (uc_nonchimeric).
#pragma once

#include "core/progress.hpp"

#include <cstdint>
#include <string>

namespace plateau::amplicon {

struct DenoiseOptions {
    std::string input;      // FASTA (plain or gzip), "-" for standard input
    std::string centroids;  // ASV FASTA
    std::string uc;         // uclust-format cluster composition
    double alpha = 2.0;     // --unoise_alpha
    std::uint64_t minsize = 8;
    std::uint64_t min_seq_length = 32;  // vsearch's default for cluster_unoise
    std::uint64_t max_seq_length = 50000;
    std::size_t fasta_width = 80;
    // UCHIME3 on the ASVs (any of these outputs turns it on)
    std::string nonchimeras, chimeras, uchimeout;
    std::string uc_nonchimeric;  // the uc without the clusters of chimeric ASVs
    double abskew = 16.0;
    int threads = 1;
    core::ProgressMode progress = core::ProgressMode::automatic;
};

struct DenoiseSummary {
    std::uint64_t sequences = 0, discarded_short = 0, discarded_long = 0, discarded_minsize = 0;
    std::uint64_t asvs = 0, abundance = 0;
    bool chimera_checked = false;
    std::uint64_t chimeras = 0, chimera_abundance = 0;
};

void validate(const DenoiseOptions& options);
DenoiseSummary run_denoise(const DenoiseOptions& options);

}  // namespace plateau::amplicon
