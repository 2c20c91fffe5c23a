// plateau-stage list, download, delete and link: one request each (download: as many Range
// requests as it takes), through with_retries.
#include "core/error.hpp"
#include "core/io/unique_fd.hpp"
#include "core/log.hpp"
#include "stage/http_client.hpp"
#include "stage/sha256.hpp"
#include "stage/transfer_progress.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace plateau::stage {
namespace {

nlohmann::json get_json(HttpClient& http, const std::string& path, const std::string& what) {
    Response r;
    with_retries(http.options(), what, [&] {
        r = http.request("GET", path, {});
        expect_status(r, {200}, what);
    });
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded()) throw_io_error(what + ": the answer is not JSON");
    return j;
}

std::string dataset_path(const std::string& id) {
    if (id.empty() || id.find_first_of("/?#% ") != std::string::npos) throw_usage_error("'" + id + "' is not a dataset id");
    return "/api/v1/datasets/" + id;
}

void write_block(int fd, const char* data, std::size_t size, const std::string& path) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw_io_error(path + ": write failed: " + std::strerror(errno));
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

// One GET of the bytes from the .part file's end (Range/If-Range); appends what arrives.
void fetch_rest(HttpClient& http, const std::string& id, const std::string& etag, std::uint64_t size, const std::string& part,
                std::atomic<std::uint64_t>& have) {
    core::UniqueFd fd(::open(part.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    struct stat st {};
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0) throw_io_error(part + ": cannot open: " + std::strerror(errno));
    have = static_cast<std::uint64_t>(st.st_size);
    if (have > size && ::ftruncate(fd.get(), 0) == 0) have = 0;  // not this dataset's beginning
    if (have == size && size > 0) return;
    Headers h;
    if (have > 0) h = {{"Range", "bytes=" + std::to_string(have.load()) + "-"}, {"If-Range", etag}};
    bool first_block = true;
    auto sink = [&](int status, const char* data, std::size_t n) {
        if (first_block && status == 200) {  // the whole dataset comes (no Range, or If-Range did not match)
            if (::ftruncate(fd.get(), 0) != 0) throw_io_error(part + ": cannot truncate");
            have = 0;
        }
        first_block = false;
        if (::lseek(fd.get(), static_cast<off_t>(have.load()), SEEK_SET) < 0) throw_io_error(part + ": seek failed");
        write_block(fd.get(), data, n, part);
        have += n;
    };
    const Response r = http.download(dataset_path(id) + "/content", h, sink);
    expect_status(r, {200, 206}, "downloading dataset " + id);
    if (::fsync(fd.get()) != 0) throw_io_error(part + ": fsync failed: " + std::strerror(errno));
}

}  // namespace

std::size_t list(const ServerOptions& server) {
    validate(server);
    RateLimiter limiter(server.limit_rate);
    HttpClient http(server, limiter);
    const auto j = get_json(http, "/api/v1/datasets", "listing datasets at " + server.url);
    std::size_t n = 0;
    for (const auto& d : j.value("datasets", nlohmann::json::array())) {
        std::printf("%s\t%s\t%llu\t%s\t%s\t%s\t%s\n", d.value("id", "").c_str(), d.value("name", "").c_str(),
                    static_cast<unsigned long long>(d.value("size", std::uint64_t{0})), d.value("sha256", "").c_str(),
                    d.value("owner", "").c_str(), d.value("group", "").c_str(), d.value("created", "").c_str());
        ++n;
    }
    if (std::fflush(stdout) != 0) throw_io_error("cannot write to standard output");
    return n;
}

std::uint64_t download(const ServerOptions& server, const DownloadOptions& options) {
    validate(server);
    validate(options);
    // The bytes go to OUTPUT.part, renamed over OUTPUT once verified: a device or FIFO there
    // (/dev/null, /dev/stdout) would be replaced by a regular file, so it is refused.
    if (struct stat st{}; ::stat(options.output.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw_usage_error("--output " + options.output + " is not a regular file (download writes " + options.output +
                          ".part and renames it when its sha256 is verified)");
    RateLimiter limiter(server.limit_rate);
    HttpClient http(server, limiter);
    const auto record = get_json(http, dataset_path(options.dataset_id), "reading dataset " + options.dataset_id);
    const std::string sha = record.value("sha256", "");
    const auto size = record.value("size", std::uint64_t{0});
    const std::string part = options.output + ".part";
    std::atomic<std::uint64_t> have{0};
    {
        TransferProgress progress(server.progress, size, [&] { return have.load(); });
        progress.set_label(record.value("name", options.dataset_id));
        with_retries(server, "downloading dataset " + options.dataset_id, [&] {
            fetch_rest(http, options.dataset_id, "\"" + sha + "\"", size, part, have);
        });
        progress.finish();
    }
    const std::string local = sha256_file(part);
    if (local != sha) {
        std::remove(part.c_str());
        throw_io_error(options.output + ": downloaded bytes have sha256 " + local + " but dataset " + options.dataset_id +
                       " has " + sha + " (the partial file was removed; run again)");
    }
    if (std::rename(part.c_str(), options.output.c_str()) != 0)
        throw_io_error(options.output + ": cannot rename " + part + ": " + std::strerror(errno));
    return size;
}

void remove(const ServerOptions& server, const std::string& dataset_id) {
    validate(server);
    RateLimiter limiter(server.limit_rate);
    HttpClient http(server, limiter);
    with_retries(server, "deleting dataset " + dataset_id, [&] {
        const Response r = http.request("DELETE", dataset_path(dataset_id), {});
        expect_status(r, {204, 200}, "deleting dataset " + dataset_id);
    });
}

std::string link(const ServerOptions& server, const std::string& dataset_id, std::uint64_t ttl_seconds) {
    validate(server);
    RateLimiter limiter(server.limit_rate);
    HttpClient http(server, limiter);
    Response r;
    const std::string what = "making a link to dataset " + dataset_id;
    with_retries(server, what, [&] {
        r = http.request("POST", dataset_path(dataset_id) + "/links?ttl=" + std::to_string(ttl_seconds), {});
        expect_status(r, {201, 200}, what);
    });
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("path")) throw_io_error(what + ": the answer has no link");
    const auto authority_end = server.url.find('/', server.url.find("://") + 3);
    const std::string url = server.url.substr(0, authority_end) + http.path_of(j["path"].get<std::string>());
    std::printf("%s\n", url.c_str());
    if (std::fflush(stdout) != 0) throw_io_error("cannot write to standard output");
    return url;
}

}  // namespace plateau::stage
