#include "core/report/run_envelope.hpp"

#include "core/resource_usage.hpp"
#include "core/version.hpp"

namespace plateau::core {

RunEnvelope make_run_envelope(std::string tool, int schema_version, std::string command_line, double wall_seconds) {
    const ResourceUsage usage = current_resource_usage();
    RunEnvelope e;
    e.tool = std::move(tool);
    e.version = k_version;
    e.command_line = std::move(command_line);
    e.schema_version = schema_version;
    e.wall_seconds = wall_seconds;
    e.cpu_seconds = usage.cpu_seconds;
    e.peak_rss_mb = usage.peak_rss_mb;
    return e;
}

void write_run_envelope(nlohmann::json& report, const RunEnvelope& e) {
    report["command"] = e.command_line;
    nlohmann::json& section = report[k_envelope_section];
    section["schema_version"] = e.schema_version;
    section["tool"] = e.tool;
    section["version"] = e.version;
    section["run"] = {{"wall_seconds", e.wall_seconds}, {"cpu_seconds", e.cpu_seconds}, {"peak_rss_mb", e.peak_rss_mb}};
}

}  // namespace plateau::core
