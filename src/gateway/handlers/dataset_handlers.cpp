// The datasets that finished uploads became: list (GET /api/v1/datasets), one dataset's record,
// its bytes (GET/HEAD .../content, with Range and an ETag from its SHA-256), and deletion.
#include "gateway/byte_range.hpp"
#include "gateway/database.hpp"
#include "gateway/datasets/tus_headers.hpp"
#include "gateway/datasets/upload_service.hpp"
#include "gateway/handlers/handlers.hpp"
#include "gateway/http_errors.hpp"

#include <unistd.h>

#include <cerrno>
#include <vector>

namespace plateau::gateway {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

nlohmann::json dataset_json(const DatasetRecord& d) {
    return {{"id", d.id},
            {"name", d.name},
            {"size", d.size},
            {"sha256", d.sha256},
            {"owner", d.owner},
            {"group", d.group},
            {"created", iso8601(d.created_ms)},
            {"content", "/api/v1/datasets/" + d.id + "/content"}};
}

// The byte range to send; sets the status and the range headers.
std::pair<std::uint64_t, std::uint64_t> choose_range(const HTTPServerRequest& request, HTTPServerResponse& response,
                                                      std::uint64_t size, const std::string& etag) {
    RangeRequest range;
    if (request.has("Range")) {
        range = parse_range(request.get("Range"), size);
        if (request.has("If-Range") && request.get("If-Range") != etag) range = RangeRequest{};
    }
    if (range.kind == RangeRequest::Kind::unsatisfiable) {
        response.set("Content-Range", "bytes */" + std::to_string(size));
        throw_http(416, "range_not_satisfiable", "requested range is outside the dataset of " + std::to_string(size) + " bytes");
    }
    if (range.kind == RangeRequest::Kind::partial) {
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_PARTIAL_CONTENT);
        response.set("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                          std::to_string(size));
        return {range.first, range.last - range.first + 1};
    }
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
    return {0, size};
}

// The dataset's bytes (or the range asked for); returns the first byte and how many were sent.
std::pair<std::uint64_t, std::uint64_t> send_content(HTTPServerRequest& request, HTTPServerResponse& response, OpenDataset& file) {
    const std::string etag = "\"" + file.record.sha256 + "\"";
    response.set("Accept-Ranges", "bytes");
    response.set("ETag", etag);
    const auto [first, count] = choose_range(request, response, file.record.size, etag);
    response.setContentType("application/octet-stream");
    response.setContentLength64(static_cast<Poco::Int64>(count));
    std::ostream& out = response.send();
    if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) return {first, 0};
    std::vector<char> buffer(1 << 20);
    std::uint64_t sent = 0;
    while (sent < count && out) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), count - sent));
        const ssize_t got = ::pread(file.fd.get(), buffer.data(), want, static_cast<off_t>(first + sent));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        out.write(buffer.data(), got);
        sent += static_cast<std::uint64_t>(got);
    }
    out.flush();
    return {first, sent};
}

}  // namespace

void DatasetsHandler::handle(HTTPServerRequest&, HTTPServerResponse& response, RequestContext& context) {
    nlohmann::json list = nlohmann::json::array();
    std::uint64_t total = 0;
    for (const DatasetRecord& d : services().uploads.list(context.identity)) {
        list.push_back(dataset_json(d));
        total += d.size;
    }
    const std::string group = context.identity.group.empty() ? context.identity.name : context.identity.group;
    const std::uint64_t quota = group_quota(services().config.datasets, group);
    send_json(response, {{"datasets", list},
                         {"total_bytes", total},
                         {"group", group},
                         {"quota_bytes", quota == 0 ? nlohmann::json() : nlohmann::json(quota)}});
}

void DatasetHandler::handle(HTTPServerRequest&, HTTPServerResponse& response, RequestContext& context) {
    send_json(response, dataset_json(services().uploads.dataset(context.route.job_id, context.identity)));
}

void DatasetDeleteHandler::handle(HTTPServerRequest&, HTTPServerResponse& response, RequestContext& context) {
    services().uploads.remove_dataset(context.route.job_id, context.identity);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    response.setContentLength(0);
    response.send().flush();
}

void DatasetContentHandler::handle(HTTPServerRequest& request, HTTPServerResponse& response, RequestContext& context) {
    OpenDataset file = services().uploads.open_dataset(context.route.job_id, context.identity);
    const auto [first, sent] = send_content(request, response, file);
    services().uploads.record_download(file.record, sent, first, context.identity);
}

void DatasetLinkCreateHandler::handle(HTTPServerRequest& request, HTTPServerResponse& response, RequestContext& context) {
    const auto ttl = context.query.get_int("ttl").value_or(7 * 24 * 3600);
    const DatasetLink link = services().uploads.make_link(context.route.job_id, ttl, context.identity);
    const std::string host = request.get("X-Forwarded-Host", request.getHost());
    const std::string scheme = request.get("X-Forwarded-Proto", "http");
    send_json(response, {{"path", link.path},
                         {"url", scheme + "://" + host + link.path},
                         {"expires", iso8601(link.expires_epoch * 1000)},
                         {"expires_epoch", link.expires_epoch}},
              201);
}

void LinkContentHandler::handle(HTTPServerRequest& request, HTTPServerResponse& response, RequestContext& context) {
    OpenDataset file = services().uploads.open_linked(context.route.job_id, context.query.get("expires"),
                                                      context.query.get("signature"));
    const auto [first, sent] = send_content(request, response, file);
    Identity link;
    link.name = "link";
    services().uploads.record_download(file.record, sent, first, link);
}

}  // namespace plateau::gateway
