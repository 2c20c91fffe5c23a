// Submit, status, cancel and clean of one job.
#include "gateway/handlers/handlers.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/job_service.hpp"

namespace plateau::gateway {
namespace {

// Pulsar json.loads every submit parameter; a missing one takes Pulsar's default.
nlohmann::json json_param(const QueryParams& q, const char* name, const char* fallback) {
    const std::string* text = q.find(name);
    const std::string source = text ? *text : std::string(fallback);
    auto value = nlohmann::json::parse(source, nullptr, false);
    if (value.is_discarded()) throw_http(400, "malformed_query", std::string("query parameter '") + name + "' is not valid JSON");
    return value;
}

}  // namespace

void SubmitHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                           RequestContext& context) {
    const auto& q = context.query;
    SubmitRequest submit;
    submit.command_line = q.require("command_line");
    submit.params = json_param(q, "params", "{}");
    submit.setup_params = json_param(q, "setup_params", "{}");
    submit.dependencies_description = json_param(q, "dependencies_description", "null");
    submit.env = json_param(q, "env", "[]");
    submit.remote_staging = json_param(q, "remote_staging", "{}");
    submit.submit_extras = json_param(q, "submit_extras", "{}");
    submit.dynamic_file_sources = json_param(q, "dynamic_file_sources", "null");
    if (!submit.params.is_object() && !submit.params.is_null())
        throw_http(400, "malformed_query", "query parameter 'params' must be a JSON object");
    services().jobs.submit(context.route.job_id, submit, context.identity);
    send_ok(response);
}

void StatusHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                           RequestContext& context) {
    send_json_text(response, services().jobs.status(context.route.job_id, context.identity));
}

void CancelHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                           RequestContext& context) {
    services().jobs.cancel(context.route.job_id, context.identity);
    send_ok(response);
}

void CleanHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                          RequestContext& context) {
    services().jobs.clean(context.route.job_id, context.identity);
    send_ok(response);
}

}  // namespace plateau::gateway
