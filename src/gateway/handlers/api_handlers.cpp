// The gateway's own JSON API beside the Pulsar routes: job listing with filters, one job's
// attempts and audit trail, and CPU-hours per user and group per year.
#include "gateway/handlers/handlers.hpp"

#include "gateway/http_errors.hpp"
#include "gateway/job_layout.hpp"
#include "gateway/job_service.hpp"
#include "gateway/usage.hpp"

#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include <algorithm>

namespace plateau::gateway {
namespace {

nlohmann::json optional_json(const auto& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json time_json(const std::optional<std::int64_t>& ms) {
    return ms ? nlohmann::json(iso8601(*ms)) : nlohmann::json(nullptr);
}

nlohmann::json job_json(const JobRecord& r) {
    return {
        {"job_id", r.job_id},
        {"attempt", r.attempt},
        {"active", r.active},
        {"state", to_string(r.state)},
        {"cancel_requested", r.cancel_requested},
        {"manager", r.manager},
        {"tool_id", r.tool_id},
        {"tool_version", r.tool_version},
        {"user", r.user},
        {"group", r.group},
        {"executor", r.executor},
        {"external_id", r.external_id},
        {"returncode", optional_json(r.return_code)},
        {"failure_reason", r.failure_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.failure_reason)},
        {"failure_detail", r.failure_detail.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.failure_detail)},
        {"created", iso8601(r.created_ms)},
        {"updated", iso8601(r.updated_ms)},
        {"submitted", time_json(r.submitted_ms)},
        {"started", time_json(r.started_ms)},
        {"finished", time_json(r.finished_ms)},
        {"cleaned", time_json(r.cleaned_ms)},
        {"usage",
         {{"cpu_seconds", optional_json(r.cpu_seconds)},
          {"elapsed_seconds", optional_json(r.elapsed_seconds)},
          {"max_rss_kb", optional_json(r.max_rss_kb)}}},
    };
}

nlohmann::json audit_json(const AuditEntry& e) {
    auto detail = nlohmann::json::parse(e.detail, nullptr, false);
    if (detail.is_discarded()) detail = e.detail;
    return {{"seq", e.seq}, {"job_id", e.job_id}, {"attempt", e.attempt}, {"at", iso8601(e.at_ms)},
            {"actor", e.actor}, {"action", e.action}, {"detail", detail}};
}

// Milliseconds since the epoch from an ISO 8601 date/time or a number of milliseconds.
std::optional<std::int64_t> time_param(const QueryParams& q, const char* name) {
    const std::string* text = q.find(name);
    if (!text || text->empty()) return std::nullopt;
    if (text->find_first_not_of("0123456789") == std::string::npos) return std::stoll(*text);
    try {
        int tz = 0;
        const Poco::DateTime parsed = Poco::DateTimeParser::parse(*text, tz);
        return (parsed.timestamp().epochMicroseconds() - static_cast<Poco::Int64>(tz) * 1000000) / 1000;
    } catch (const Poco::SyntaxException&) {
        throw_http(400, "malformed_query", std::string("query parameter '") + name + "' is not an ISO 8601 time");
    }
}

nlohmann::json usage_rows(const std::vector<UsageRow>& rows, const char* key) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : rows)
        out.push_back({{key, row.key},
                       {"year", row.year},
                       {"jobs", row.jobs},
                       {"cpu_hours", row.cpu_hours},
                       {"elapsed_hours", row.elapsed_hours},
                       {"jobs_without_cpu_time", row.jobs_without_cpu},
                       {"peak_rss_kb", optional_json(row.peak_rss_kb)}});
    return out;
}

// Operators (auth.operator_groups) see every client's jobs; anyone else only its own.
bool sees_all_jobs(const GatewayConfig& config, const Identity& who) {
    return std::find(config.operator_groups.begin(), config.operator_groups.end(), who.group) != config.operator_groups.end();
}

// The attempts of `job_id` that `who` may see (newest first); 404 when there are none.
std::vector<JobRecord> visible_attempts(GatewayServices& services, const std::string& job_id, const Identity& who) {
    validate_job_id(job_id);
    const auto attempts = services.jobs.store().attempts(job_id);
    if (attempts.empty() || (!sees_all_jobs(services.jobs.config(), who) && attempts.front().owner != who.name))
        throw_http(404, "unknown_job", "no job '" + job_id + "'");
    return attempts;
}

}  // namespace

void ApiJobsHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                            RequestContext& context) {
    const auto& q = context.query;
    JobQuery query;
    if (const std::string* state = q.find("state"); state && !state->empty()) {
        query.state = parse_job_state(*state);
        if (!query.state) throw_http(400, "malformed_query", "unknown state '" + *state + "'");
    }
    query.user = q.get("user");
    query.group = q.get("group");
    query.tool_id = q.get("tool_id");
    if (!sees_all_jobs(services().jobs.config(), context.identity)) query.owner = context.identity.name;
    query.since_ms = time_param(q, "since");
    query.until_ms = time_param(q, "until");
    query.active_only = q.get("active") == "1" || q.get("active") == "true";
    query.limit = static_cast<int>(q.get_int("limit").value_or(100));
    query.offset = static_cast<int>(q.get_int("offset").value_or(0));
    if (query.limit < 1 || query.limit > 10000) throw_http(400, "malformed_query", "limit must be 1 to 10000");
    if (query.offset < 0) throw_http(400, "malformed_query", "offset must not be negative");
    nlohmann::json jobs = nlohmann::json::array();
    for (const auto& record : services().jobs.store().query(query)) jobs.push_back(job_json(record));
    send_json(response, {{"jobs", jobs}, {"count", jobs.size()}, {"limit", query.limit}, {"offset", query.offset}});
}

void ApiJobHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                           RequestContext& context) {
    const std::string& job_id = context.route.job_id;
    const auto attempts = visible_attempts(services(), job_id, context.identity);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& record : attempts) list.push_back(job_json(record));
    nlohmann::json audit = nlohmann::json::array();
    for (const auto& entry : services().jobs.audit().for_job(job_id)) audit.push_back(audit_json(entry));
    send_json(response, {{"job", list.front()}, {"attempts", list}, {"audit", audit}});
}

void ApiJobAuditHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                                RequestContext& context) {
    const std::string& job_id = context.route.job_id;
    (void)visible_attempts(services(), job_id, context.identity);
    const auto after = context.query.get_int("after").value_or(0);
    const auto limit = context.query.get_int("limit").value_or(1000);
    if (limit < 1 || limit > 100000) throw_http(400, "malformed_query", "limit must be 1 to 100000");
    nlohmann::json audit = nlohmann::json::array();
    for (const auto& entry : services().jobs.audit().for_job(job_id, after, static_cast<int>(limit)))
        audit.push_back(audit_json(entry));
    send_json(response, {{"job_id", job_id}, {"audit", audit}});
}

void ApiUsageHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                             RequestContext& context) {
    std::optional<int> year;
    if (const auto y = context.query.get_int("year")) {
        if (*y < 1970 || *y > 9999) throw_http(400, "malformed_query", "year must be 1970 to 9999");
        year = static_cast<int>(*y);
    }
    const bool everyone = sees_all_jobs(services().jobs.config(), context.identity);
    const UsageReport report = usage_report(services().db, year, everyone ? std::string{} : context.identity.name);
    send_json(response, {{"year", optional_json(year)},
                         {"unit", "cpu_hours"},
                         {"by_user", usage_rows(report.by_user, "user")},
                         {"by_group", usage_rows(report.by_group, "group")}});
}

}  // namespace plateau::gateway
