// Files of a job: upload (raw body streamed to disk; never parsed as a form), download with
// HTTP Range support, and the path route.
#include "gateway/byte_range.hpp"
#include "gateway/config.hpp"
#include "gateway/datasets/upload_service.hpp"
#include "gateway/handlers/handlers.hpp"
#include "gateway/http_errors.hpp"
#include "gateway/job_service.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <sys/stat.h>

#include <cerrno>
#include <vector>

namespace plateau::gateway {
namespace {

std::string entity_tag(const struct stat& st) {
    char text[64];
    std::snprintf(text, sizeof text, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                  static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL +
                      static_cast<unsigned long long>(st.st_mtim.tv_nsec));
    return text;
}

}  // namespace

void UploadHandler::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                           RequestContext& context) {
    const auto& q = context.query;
    const std::string& name = q.require("name");
    const std::string& type = q.require("type");
    if (const std::string* dataset_id = q.find("dataset_id")) {
        // A staged dataset as the file: nothing is read from the body.
        const DatasetRecord d = services().uploads.dataset(*dataset_id, context.identity);
        const DatasetInput input{d.id, services().uploads.dataset_file(d.id), d.size, d.sha256};
        const StagedFile staged = services().jobs.stage_dataset(context.route.job_id, type, name, input, context.identity);
        send_json(response, {{"path", staged.path.string()}, {"size", staged.size}, {"sha256", staged.sha256_hex},
                             {"dataset_id", d.id}});
        return;
    }
    UploadLimits limits;
    limits.max_bytes = services().config.max_upload_bytes;
    if (request.hasContentLength()) {
        const auto length = request.getContentLength64();
        if (length < 0) throw_http(400, "malformed_request", "negative Content-Length");
        limits.content_length = static_cast<std::uint64_t>(length);
    }
    std::uint64_t consumed = 0;
    const BodyReader body = stream_reader(request.stream());
    const BodyReader counted = [&](char* buffer, std::size_t size) {
        const std::size_t got = body(buffer, size);
        consumed += got;
        return got;
    };
    StagedFile staged;
    try {
        staged = services().jobs.upload(context.route.job_id, type, name, counted, limits, context.identity);
    } catch (...) {
        // Refused after reading (a directory in the way, ...): the connection may still be usable.
        context.body_consumed = limits.content_length && consumed == *limits.content_length;
        throw;
    }
    context.body_consumed = true;
    send_json(response, {{"path", staged.path.string()}, {"size", staged.size}, {"sha256", staged.sha256_hex}});
}

void FilePathHandler::handle(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response,
                             RequestContext& context) {
    const auto& q = context.query;
    send_json(response, {{"path", services().jobs.file_path(context.route.job_id, q.get("type", "input"), q.require("name"), context.identity)}});
}

void DownloadHandler::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                             RequestContext& context) {
    const auto& q = context.query;
    const std::string type = q.get("type", "output");
    OpenDownload file = services().jobs.open_download(context.route.job_id, type, q.require("name"), context.identity);
    struct stat st {};
    ::fstat(file.fd.get(), &st);
    const std::string etag = entity_tag(st);
    RangeRequest range;
    if (request.has("Range")) {
        range = parse_range(request.get("Range"), file.size);
        // If-Range: resume only if the file is still the one the client started with.
        if (request.has("If-Range") && request.get("If-Range") != etag) range = RangeRequest{};
    }
    response.set("Accept-Ranges", "bytes");
    response.set("ETag", etag);
    response.set("Last-Modified", Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(st.st_mtim.tv_sec),
                                                                  Poco::DateTimeFormat::HTTP_FORMAT));
    if (range.kind == RangeRequest::Kind::unsatisfiable) {
        response.set("Content-Range", "bytes */" + std::to_string(file.size));
        throw_http(416, "range_not_satisfiable", "requested range is outside the file of " + std::to_string(file.size) + " bytes");
    }
    std::uint64_t first = 0;
    std::uint64_t count = file.size;
    if (range.kind == RangeRequest::Kind::partial) {
        first = range.first;
        count = range.last - range.first + 1;
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_PARTIAL_CONTENT);
        response.set("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                          std::to_string(file.size));
    } else {
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
    }
    response.setContentType("application/octet-stream");
    response.setContentLength64(static_cast<Poco::Int64>(count));
    std::ostream& out = response.send();
    std::uint64_t sent = 0;
    if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD) {
        std::vector<char> buffer(1 << 20);
        while (sent < count && out) {
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), count - sent));
            const ssize_t got = ::pread(file.fd.get(), buffer.data(), want, static_cast<off_t>(first + sent));
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) break;  // the file shrank: the client sees a short body and can resume
            out.write(buffer.data(), got);
            sent += static_cast<std::uint64_t>(got);
        }
        out.flush();
    }
    services().jobs.record_download(context.route.job_id, file.name, type, sent, first, context.identity);
}

}  // namespace plateau::gateway
