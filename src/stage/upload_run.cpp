// plateau-stage upload: the inputs expanded (folders recursively, names relative to the folder's
// parent, so "run42/lane1/a.fq.gz"), the server checked once (tus with sha256 checksums and
// concatenation, the token accepted), then each file uploaded in turn with a progress line.
#include "core/error.hpp"
#include "core/log.hpp"
#include "stage/upload_file.hpp"
#include "stage/upload_state.hpp"
#include "stage/transfer_progress.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace plateau::stage {
namespace {

namespace fs = std::filesystem;

std::vector<InputFile> expand_inputs(const UploadOptions& options) {
    std::vector<InputFile> files;
    for (const std::string& input : options.inputs) {
        std::error_code ec;
        const fs::file_status st = fs::status(input, ec);
        if (ec || !fs::exists(st)) throw_io_error(input + ": no such file or folder");
        const fs::path path(input);
        if (fs::is_regular_file(st)) {
            files.push_back({input, options.name_prefix + path.filename().string()});
            continue;
        }
        if (!fs::is_directory(st)) throw_input_error(input + ": not a regular file or a folder");
        const fs::path base = fs::absolute(path).lexically_normal().parent_path();
        std::vector<InputFile> found;
        for (auto it = fs::recursive_directory_iterator(input, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (!it->is_regular_file()) continue;
            const fs::path absolute = fs::absolute(it->path()).lexically_normal();
            found.push_back({it->path().string(), options.name_prefix + absolute.lexically_relative(base).generic_string()});
        }
        if (ec) throw_io_error(input + ": cannot list the folder: " + ec.message());
        std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) { return a.name < b.name; });
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

// OPTIONS: a tus 1.0.0 server with what plateau-stage needs; GET /api/v1/datasets: the token works.
void check_server(const ServerOptions& server, RateLimiter& limiter, bool parallel, bool checksum) {
    HttpClient http(server, limiter);
    const std::string where = "contacting " + server.url;
    ServerOptions once = server;
    once.retries = std::min(server.retries, 1);
    Response r;
    with_retries(once, where, [&] { r = http.request("OPTIONS", "/api/v1/uploads", {}); });
    if (r.status != 204 && r.status != 200) throw_io_error(where + ": not a plateau-gateway tus endpoint (" + std::to_string(r.status) + " " + r.reason + ")");
    if (r.header("tus-version").find("1.0.0") == std::string::npos) throw_io_error(where + ": the server does not speak tus 1.0.0");
    const std::string ext = r.header("tus-extension");
    if (parallel && ext.find("concatenation") == std::string::npos) throw_io_error(where + ": the server has no tus concatenation (use --parallel 1)");
    if (checksum && r.header("tus-checksum-algorithm").find("sha256") == std::string::npos)
        throw_io_error(where + ": the server takes no sha256 Upload-Checksum (use --no-checksum)");
    with_retries(once, where, [&] {
        r = http.request("GET", "/api/v1/datasets", {});
        expect_status(r, {200}, where);
    });
}

}  // namespace

std::vector<UploadedDataset> upload(const ServerOptions& server, const UploadOptions& options) {
    validate(server);
    validate(options);
    const std::vector<InputFile> files = expand_inputs(options);
    if (files.empty()) throw_input_error("no file to upload in " + options.inputs.front());
    RateLimiter limiter(server.limit_rate);
    check_server(server, limiter, options.parallel > 1, options.checksum);
    const std::string folder = state_folder(options.state_dir);
    UploadCounters counters;
    for (const InputFile& f : files) counters.total += fs::file_size(f.path);
    TransferProgress progress(server.progress, counters.total, [&] { return counters.done.load(); });
    std::vector<UploadedDataset> out;
    for (const InputFile& f : files) {
        progress.set_label(f.name);
        const std::uint64_t sent_before = counters.sent, resumed_before = counters.resumed;
        UploadedDataset d = upload_file(server, options, limiter, f, folder, counters);
        d.bytes_sent = counters.sent - sent_before;
        d.bytes_resumed = counters.resumed - resumed_before;
        std::printf("%s\t%s\t%llu\t%s\n", d.id.c_str(), d.name.c_str(), static_cast<unsigned long long>(d.size), d.sha256.c_str());
        std::fflush(stdout);
        core::log_debug("stage", d.name + ": sent " + std::to_string(d.bytes_sent) + " bytes, " +
                                     std::to_string(d.bytes_resumed) + " found on the gateway");
        out.push_back(std::move(d));
    }
    progress.finish();
    if (counters.checksum_resends > 0)
        core::log_warn("stage", std::to_string(counters.checksum_resends.load()) + " request(s) refused for their checksum and sent again");
    return out;
}

}  // namespace plateau::stage
