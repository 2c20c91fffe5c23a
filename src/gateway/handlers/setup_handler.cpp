// POST /jobs?job_id=...&tool_id=...&tool_version=... : create the job directory (Pulsar setup).
#include "gateway/handlers/handlers.hpp"
#include "gateway/job_service.hpp"

namespace plateau::gateway {

void SetupHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                          RequestContext& context) {
    const auto& q = context.query;
    const std::string& job_id = q.require("job_id");
    send_json(response, services().jobs.setup(job_id, q.get("tool_id"), q.get("tool_version"), context.route.manager,
                                              context.identity));
}

}  // namespace plateau::gateway
