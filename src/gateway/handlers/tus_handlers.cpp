// The tus 1.0.0 endpoint under /api/v1/uploads: OPTIONS (discovery), POST (creation, with an
// optional first body: creation-with-upload; Upload-Concat partial/final), HEAD (offset), PATCH
// (append at Upload-Offset), DELETE (termination). Every answer carries Tus-Resumable; a request
// without Tus-Resumable: 1.0.0 gets 412 with Tus-Version.
#include "gateway/config.hpp"
#include "gateway/datasets/tus_headers.hpp"
#include "gateway/datasets/upload_service.hpp"
#include "gateway/handlers/handlers.hpp"
#include "gateway/http_errors.hpp"

namespace plateau::gateway {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void require_tus(const HTTPServerRequest& request, HTTPServerResponse& response) {
    response.set("Tus-Resumable", std::string(k_tus_version));
    if (request.get("Tus-Resumable", "") != k_tus_version) {
        response.set("Tus-Version", std::string(k_tus_version));
        throw_http(412, "tus_version", "Tus-Resumable: 1.0.0 is required (this server speaks tus 1.0.0)");
    }
}

std::optional<std::uint64_t> number_header(const HTTPServerRequest& request, const char* name) {
    if (!request.has(name)) return std::nullopt;
    return parse_tus_number(name, request.get(name));
}

void set_upload_headers(HTTPServerResponse& response, const UploadRecord& r) {
    // A final upload has no offset until it is joined (tus concatenation-unfinished).
    if (r.concat != "final" || r.state == "done") response.set("Upload-Offset", std::to_string(r.offset));
    if (r.length) response.set("Upload-Length", std::to_string(*r.length));
    else response.set("Upload-Defer-Length", "1");
    if (r.state == "active") response.set("Upload-Expires", http_date(r.expires_ms));
    if (r.state == "done" && r.concat != "partial") response.set("Plateau-Dataset", r.id);
}

void send_empty(HTTPServerResponse& response, int status) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength(0);
    response.send().flush();
}

bool offset_body(const HTTPServerRequest& request) {
    return request.getContentType() == k_offset_content_type;
}

PatchRequest patch_request(const HTTPServerRequest& request, std::uint64_t offset) {
    PatchRequest p;
    p.offset = offset;
    p.length = number_header(request, "Upload-Length");
    if (request.hasContentLength()) p.content_length = static_cast<std::uint64_t>(request.getContentLength64());
    if (request.has("Upload-Checksum")) p.checksum = parse_upload_checksum(request.get("Upload-Checksum"));
    return p;
}

}  // namespace

void TusOptionsHandler::handle(HTTPServerRequest&, HTTPServerResponse& response, RequestContext&) {
    response.set("Tus-Resumable", std::string(k_tus_version));
    response.set("Tus-Version", std::string(k_tus_version));
    response.set("Tus-Extension", std::string(k_tus_extensions));
    response.set("Tus-Checksum-Algorithm", std::string(k_tus_checksums));
    if (const auto max = services().config.datasets.max_size; max > 0) response.set("Tus-Max-Size", std::to_string(max));
    send_empty(response, 204);
}

void TusCreateHandler::handle(HTTPServerRequest& request, HTTPServerResponse& response, RequestContext& context) {
    require_tus(request, response);
    CreateUpload create;
    create.metadata = request.get("Upload-Metadata", "");
    if (request.has("Upload-Concat")) create.concat = parse_upload_concat(request.get("Upload-Concat"));
    const bool final = create.concat.kind == UploadConcat::Kind::final;
    create.length = number_header(request, "Upload-Length");
    const std::string defer = request.get("Upload-Defer-Length", "");
    if (!defer.empty() && defer != "1") throw_http(400, "bad_header", "Upload-Defer-Length must be 1");
    if (final && create.length) throw_http(400, "bad_header", "a final upload takes no Upload-Length");
    if (!final && create.length.has_value() == !defer.empty())
        throw_http(400, "bad_header", "send exactly one of Upload-Length and Upload-Defer-Length: 1");
    const bool with_body = request.hasContentLength() ? request.getContentLength64() > 0 : request.getChunkedTransferEncoding();
    if (with_body && (!offset_body(request) || final))
        throw_http(415, "unsupported_media_type", "a creation body must be application/offset+octet-stream (and not for a final upload)");
    UploadRecord r = services().uploads.create(create, context.identity);
    response.set("Location", std::string(k_uploads_prefix) + "/" + r.id);
    if (with_body) {
        // creation-with-upload: the body is the first PATCH, at offset 0.
        r = services().uploads.patch(r.id, patch_request(request, 0), stream_reader(request.stream()), context.identity);
        context.body_consumed = true;
    }
    set_upload_headers(response, r);
    send_empty(response, 201);
}

void TusHeadHandler::handle(HTTPServerRequest& request, HTTPServerResponse& response, RequestContext& context) {
    require_tus(request, response);
    UploadRecord r = services().uploads.find(context.route.job_id, context.identity);
    // A final made before its parts were complete is joined here if the last PATCH could not.
    if (r.concat == "final" && r.state == "active" && services().uploads.finish_placed(r.id))
        r = services().uploads.find(r.id, context.identity);
    set_upload_headers(response, r);
    if (!r.metadata.empty()) response.set("Upload-Metadata", r.metadata);
    if (r.concat == "partial") response.set("Upload-Concat", "partial");
    if (r.concat == "final") {
        std::string urls;
        std::size_t start = 0;
        while (start < r.parts.size()) {
            const auto space = r.parts.find(' ', start);
            urls += (urls.empty() ? "" : " ") + std::string(k_uploads_prefix) + "/" + r.parts.substr(start, space - start);
            start = space == std::string::npos ? r.parts.size() : space + 1;
        }
        response.set("Upload-Concat", "final;" + urls);
    }
    response.set("Cache-Control", "no-store");
    send_empty(response, 200);
}

void TusPatchHandler::handle(HTTPServerRequest& request, HTTPServerResponse& response, RequestContext& context) {
    require_tus(request, response);
    if (!offset_body(request))
        throw_http(415, "unsupported_media_type", "PATCH needs Content-Type: application/offset+octet-stream");
    if (!request.has("Upload-Offset")) throw_http(400, "bad_header", "PATCH needs Upload-Offset");
    const auto offset = parse_tus_number("Upload-Offset", request.get("Upload-Offset"));
    const PatchRequest patch = patch_request(request, offset);
    const UploadRecord r =
        services().uploads.patch(context.route.job_id, patch, stream_reader(request.stream()), context.identity);
    context.body_consumed = true;
    set_upload_headers(response, r);
    response.erase("Upload-Length");
    response.erase("Upload-Defer-Length");
    send_empty(response, 204);
}

void TusDeleteHandler::handle(HTTPServerRequest& request, HTTPServerResponse& response, RequestContext& context) {
    require_tus(request, response);
    services().uploads.terminate(context.route.job_id, context.identity);
    send_empty(response, 204);
}

}  // namespace plateau::gateway
