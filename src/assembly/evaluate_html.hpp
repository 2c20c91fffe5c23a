// The self-contained HTML report of `plateau-assemble evaluate`, rendered from its JSON report
// alone (so everything shown is also in the JSON): QUAST's metrics in QUAST's row names, grouped as
// QUAST's report groups them (contiguity, misassemblies, genome coverage, errors).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace plateau::assembly {

[[nodiscard]] std::string render_evaluate_html(const nlohmann::json& report);

}  // namespace plateau::assembly
