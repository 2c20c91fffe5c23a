// What the `table` step contributes to a run report (internal to the table step).
#pragma once

#include "amplicon/count_table.hpp"
#include "amplicon/otu_table.hpp"
#include "amplicon/table_api.hpp"

namespace plateau::amplicon {

// Funnel steps "dereplicated" (count-table sums), "clustered", "exclusion list" (when one was
// given) and "cluster filters"; lengths of the dereplicated reads and of the kept seeds; kept
// clusters with their counts; exclusions by reason.
[[nodiscard]] RunReport table_run_report(const OtuTable& table, const CountTable& counts,
                                         std::vector<std::uint64_t> read_lengths, bool exclusion_list,
                                         std::size_t top_clusters);

}  // namespace plateau::amplicon
