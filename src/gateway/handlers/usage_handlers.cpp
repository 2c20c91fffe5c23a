// GET /api/usage/labs: compute-hours per lab and per login per calendar year for the whole
// cluster (Slurm's accounting merged with the gateway's own jobs), for operators only
// (auth.operator_groups). ?year=2025 (or years=2024,2025), ?format=csv&lab=NAME for one lab's CSV.
#include "gateway/handlers/handlers.hpp"

#include "gateway/http_errors.hpp"
#include "gateway/lab_usage/collect.hpp"
#include "gateway/lab_usage/render.hpp"

#include <algorithm>
#include <sstream>

namespace plateau::gateway {
namespace {

std::vector<int> requested_years(const QueryParams& q) {
    std::string text = q.get("years");
    if (const std::string* one = q.find("year")) text += "," + *one;
    std::vector<int> years;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        if (item.empty()) continue;
        if (item.size() != 4 || item.find_first_not_of("0123456789") != std::string::npos || item < "1970")
            throw_http(400, "malformed_query", "year must be 1970 to 9999, not '" + item + "'");
        years.push_back(std::stoi(item));
    }
    return years;
}

}  // namespace

void ApiUsageLabsHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                                 RequestContext& context) {
    const GatewayConfig& config = services().config;
    const auto& groups = config.operator_groups;
    if (std::find(groups.begin(), groups.end(), context.identity.group) == groups.end())
        throw_http(403, "forbidden", "lab usage is for operators (auth.operator_groups)");
    const std::string format = context.query.get("format", "json");
    if (format != "json" && format != "csv") throw_http(400, "malformed_query", "format must be json or csv");
    lab_usage::Options options = lab_usage::options_from_config(config);
    options.years = requested_years(context.query);
    const auto summary = lab_usage::collect_usage(options, &services().db);
    if (format == "json") {
        send_json(response, lab_usage::to_json(summary));
        return;
    }
    const std::string lab = context.query.get("lab");
    const auto it = std::find_if(summary.labs.begin(), summary.labs.end(),
                                 [&](const lab_usage::LabReport& r) { return r.lab.name == lab; });
    if (it == summary.labs.end()) throw_http(404, "unknown_lab", "no lab '" + lab + "' in usage.labs_file");
    send_body(response, 200, "text/csv; charset=utf-8; header=present", lab_usage::lab_csv(*it, summary.factors));
}

}  // namespace plateau::gateway
