// The self-contained HTML report of an assembly, rendered from its JSON report alone (so anything
// drawn is also in the JSON): contig summary, one row per k stage, the last k's k-mer histogram.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace plateau::assembly {

[[nodiscard]] std::string render_assembly_html(const nlohmann::json& report);

}  // namespace plateau::assembly
