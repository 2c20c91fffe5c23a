// QcPlan: what a run does, resolved from the options and a probe of the first reads
// (polyG for two-colour instruments, the single-end adapter). Immutable once built.
#pragma once

#include "core/read_batch.hpp"
#include "qc/contaminants.hpp"
#include "qc/fastqc_tiles.hpp"
#include "qc/adapter_trim.hpp"
#include "qc/api.hpp"
#include "qc/filter.hpp"
#include "qc/overlap.hpp"
#include "qc/trim.hpp"

#include <optional>
#include <string>

namespace plateau::qc {

struct ReadTrimPlan {
    int front = 0, tail = 0, max_length = 0;
    AdapterMatcher adapter;  // sequence-based adapter trimming; empty: none
};

struct QcPlan {
    bool paired = false;
    int phred_offset = 33;
    ReadTrimPlan read1, read2;
    std::string adapter_source;  // "given", "detected", "default", "none"
    bool adapter_by_overlap = false;
    OverlapRule overlap;
    std::optional<WindowRule> cut_front, cut_tail, cut_right;
    bool poly_g = false;
    int poly_g_min_len = 10;
    bool poly_x = false;
    int poly_x_min_len = 10;
    FilterRule filter;
    bool evaluate_duplication = true;
    int insert_size_max = 512;
    // FastQC's per-tile module: the name field holding the tile, from each file's first read.
    std::optional<int> tile_field1, tile_field2;
    std::vector<Contaminant> contaminants;  // for the overrepresented sequences' possible source
};

[[nodiscard]] QcPlan make_plan(const QcOptions& options, const core::ReadBatch& probe_read1,
                               const core::ReadBatch& probe_read2 = {});

// FastQC's tile field, decided from the first read its per-tile module counts (none without one).
[[nodiscard]] std::optional<int> first_tile_field(const core::ReadBatch& reads);

// Names from NextSeq/NovaSeq (two-colour chemistry, where no signal reads as G).
[[nodiscard]] bool is_two_colour_instrument(std::string_view read_name);

// The known adapter found in at least 0.1% (and 10) of the probe reads, by its first 12 bases.
[[nodiscard]] std::optional<std::string> detect_adapter(const core::ReadBatch& reads);

}  // namespace plateau::qc
