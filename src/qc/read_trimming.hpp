// The per-read and per-pair trimming sequence (fastp's order): fixed trims, quality cuts, polyG,
// adapters (pair overlap, then sequence), polyX, maximum length.
#pragma once

#include "core/read_batch.hpp"
#include "qc/plan.hpp"

#include <string>

namespace plateau::qc {

struct TrimmedRead {
    ReadSpan span;
    int adapter_bases = 0;  // bases removed as adapter
};

struct TrimmedPair {
    TrimmedRead read1, read2;
    Overlap overlap;  // found only when overlap analysis ran and succeeded
};

// Per-thread reusable buffers.
struct TrimScratch {
    std::string r2_revcomp;
};

[[nodiscard]] TrimmedRead trim_single(const core::ReadView& read, const QcPlan& plan);
[[nodiscard]] TrimmedPair trim_pair(const core::ReadView& read1, const core::ReadView& read2, const QcPlan& plan,
                                    TrimScratch& scratch);

}  // namespace plateau::qc
