// Handler classes, one per route; each file in handlers/ implements one resource.
#pragma once

#include "gateway/handlers/json_handler.hpp"

#include <memory>

namespace plateau::gateway {

#define PLATEAU_GATEWAY_HANDLER(Name)                                                                           \
    class Name final : public JsonHandler {                                                                     \
    public:                                                                                                     \
        using JsonHandler::JsonHandler;                                                                         \
                                                                                                                \
    protected:                                                                                                  \
        void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,             \
                    RequestContext& context) override;                                                          \
    }

// setup_handler.cpp
PLATEAU_GATEWAY_HANDLER(SetupHandler);
// file_handlers.cpp
PLATEAU_GATEWAY_HANDLER(UploadHandler);
PLATEAU_GATEWAY_HANDLER(DownloadHandler);
PLATEAU_GATEWAY_HANDLER(FilePathHandler);
// job_control_handlers.cpp
PLATEAU_GATEWAY_HANDLER(SubmitHandler);
PLATEAU_GATEWAY_HANDLER(StatusHandler);
PLATEAU_GATEWAY_HANDLER(CancelHandler);
PLATEAU_GATEWAY_HANDLER(CleanHandler);
// service_handlers.cpp
PLATEAU_GATEWAY_HANDLER(HealthzHandler);
PLATEAU_GATEWAY_HANDLER(MetricsHandler);
PLATEAU_GATEWAY_HANDLER(NotFoundHandler);
PLATEAU_GATEWAY_HANDLER(MethodNotAllowedHandler);
// api_handlers.cpp
PLATEAU_GATEWAY_HANDLER(ApiJobsHandler);
PLATEAU_GATEWAY_HANDLER(ApiJobHandler);
PLATEAU_GATEWAY_HANDLER(ApiJobAuditHandler);
PLATEAU_GATEWAY_HANDLER(ApiUsageHandler);
// usage_handlers.cpp
PLATEAU_GATEWAY_HANDLER(ApiUsageLabsHandler);

// tus_handlers.cpp
PLATEAU_GATEWAY_HANDLER(TusOptionsHandler);
PLATEAU_GATEWAY_HANDLER(TusCreateHandler);
PLATEAU_GATEWAY_HANDLER(TusHeadHandler);
PLATEAU_GATEWAY_HANDLER(TusPatchHandler);
PLATEAU_GATEWAY_HANDLER(TusDeleteHandler);
// dataset_handlers.cpp
PLATEAU_GATEWAY_HANDLER(DatasetsHandler);
PLATEAU_GATEWAY_HANDLER(DatasetHandler);
PLATEAU_GATEWAY_HANDLER(DatasetDeleteHandler);
PLATEAU_GATEWAY_HANDLER(DatasetContentHandler);
PLATEAU_GATEWAY_HANDLER(DatasetLinkCreateHandler);
PLATEAU_GATEWAY_HANDLER(LinkContentHandler);
// stage_page_handler.cpp
PLATEAU_GATEWAY_HANDLER(StagePageHandler);

#undef PLATEAU_GATEWAY_HANDLER

}  // namespace plateau::gateway
