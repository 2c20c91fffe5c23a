#include "stage/upload_file.hpp"

#include "core/error.hpp"
#include "core/io/unique_fd.hpp"
#include "core/log.hpp"
#include "stage/file_reader.hpp"
#include "stage/sha256.hpp"
#include "stage/upload_state.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace plateau::stage {
namespace {

constexpr std::uint64_t k_align = 1 << 20;  // part boundaries on 1 MiB: the gateway can reflink them
// The final upload names every part in one Upload-Concat header, and a HEAD of it answers with
// the same list ("/api/v1/uploads/<32 hex>", 49 bytes a part): 160 parts stay under the 8 KiB a
// header value may have in Poco's parser (MessageHeader::MAX_VALUE_LENGTH).
constexpr std::uint64_t k_max_parts = 160;
// Most bytes kept for the whole file's SHA-256 ahead of its position; a plan that needs more
// hashes the file with a second read (see read_window).
constexpr std::uint64_t k_max_window = 512ull << 20;

std::uint64_t header_number(const Response& r, const std::string& name, const std::string& what) {
    const std::string v = r.header(name);
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
        throw_io_error(what + ": the gateway's answer has no valid " + name + " header");
    return std::stoull(v);
}

std::string metadata(const std::string& name) {
    return "filename " + base64(reinterpret_cast<const unsigned char*>(name.data()), name.size());
}

// Everything an upload thread shares with the others.
struct FileUpload {
    FileUpload(const ServerOptions& s, const UploadOptions& o, RateLimiter& l, UploadCounters& c)
        : server(s), options(o), limiter(l), counters(c) {}
    const ServerOptions& server;
    const UploadOptions& options;
    RateLimiter& limiter;
    UploadCounters& counters;
    FileReader* reader = nullptr;
    std::string state_path;
    UploadState state;
    std::vector<char> created;  // per part: created by this run (its offset is 0, no HEAD needed)
    std::mutex mutex;  // state and its file
    std::atomic<bool> failed{false};
    std::string dataset;  // from a single upload's last answer

    void save() {
        std::lock_guard lock(mutex);
        save_state(state_path, state);
    }
};

// Once the final upload exists, a part cannot be replaced: the next run starts the file afresh.
[[noreturn]] void part_lost(FileUpload& u, const PartState& part) {
    {
        std::lock_guard lock(u.mutex);
        UploadState fresh = u.state;
        fresh.final_url.clear();
        for (PartState& p : fresh.parts) p.url.clear(), p.offset = 0;
        save_state(u.state_path, fresh);
    }
    throw_io_error(u.state.name + ": upload " + part.url + " of its final upload " + u.state.final_url +
                   " is gone on the gateway (expired or removed); run again to send the file afresh");
}

void create_part(FileUpload& u, PartState& part, HttpClient& http) {
    if (!u.state.final_url.empty()) part_lost(u, part);
    Headers h = tus_headers({{"Upload-Length", std::to_string(part.length)}, {"Upload-Metadata", metadata(u.state.name)}});
    if (u.state.concatenated) h.emplace_back("Upload-Concat", "partial");
    Response r;
    with_retries(u.server, "creating an upload for " + u.state.name, [&] {
        r = http.request("POST", "/api/v1/uploads", h);
        expect_status(r, {201}, "creating an upload for " + u.state.name);
    });
    const std::string location = r.header("location");
    if (location.empty()) throw_io_error("creating an upload for " + u.state.name + ": the answer has no Location");
    {
        std::lock_guard lock(u.mutex);
        part.url = location;
        part.offset = 0;
        u.created[static_cast<std::size_t>(&part - u.state.parts.data())] = 1;
        if (!u.state.concatenated) u.dataset = r.header("plateau-dataset");
    }
    u.save();
}

// HEAD: how much of the part the gateway holds; false when the upload is gone (404, 410).
bool learn_offset(FileUpload& u, PartState& part, HttpClient& http) {
    const Response r = http.request("HEAD", part.url, tus_headers());
    if (r.status == 404 || r.status == 410) return false;
    expect_status(r, {200}, "asking the gateway about " + part.url);
    part.offset = header_number(r, "upload-offset", "HEAD " + part.url);
    if (!u.state.concatenated && !r.header("plateau-dataset").empty()) u.dataset = r.header("plateau-dataset");
    return true;
}

// The bytes of a part's current request, read once and kept (with their Upload-Checksum) until
// the gateway acknowledges them: a refused checksum or a failed request sends them again.
struct Pending {
    std::uint64_t at = 0;  // the part offset of block's first byte
    FileReader::Block block;
    std::string checksum;
};

// One PATCH from the part's offset (at most request_size bytes); returns the gateway's new
// offset, or nullopt after a checksum refusal (460: nothing of it kept, so the same bytes go again).
std::optional<std::uint64_t> patch_once(FileUpload& u, PartState& part, HttpClient& http, Pending& pending) {
    if (!pending.block || part.offset < pending.at || part.offset >= pending.at + pending.block->size()) {
        const std::uint64_t n = std::min<std::uint64_t>(u.options.request_size, part.length - part.offset);
        pending.block = u.reader->read(part.first + part.offset, n);
        pending.at = part.offset;
        pending.checksum = u.options.checksum ? upload_checksum(pending.block->data(), n) : std::string();
    }
    // After a cut without a checksum the gateway may hold the start of the block: the rest goes.
    const std::uint64_t skip = part.offset - pending.at, n = pending.block->size() - skip;
    const char* bytes = pending.block->data() + skip;
    Headers h = tus_headers({{"Upload-Offset", std::to_string(part.offset)},
                             {"Content-Type", "application/offset+octet-stream"}});
    if (u.options.checksum) h.emplace_back("Upload-Checksum", skip == 0 ? pending.checksum : upload_checksum(bytes, n));
    std::uint64_t sent = 0;
    const Response r = http.request("PATCH", part.url, h, std::string_view(bytes, n), &sent);
    u.counters.sent += sent;
    if (r.status == 460) return std::nullopt;
    expect_status(r, {204}, "PATCH " + part.url + " at offset " + std::to_string(part.offset));
    if (!u.state.concatenated && !r.header("plateau-dataset").empty()) u.dataset = r.header("plateau-dataset");
    return header_number(r, "upload-offset", "PATCH " + part.url);
}

void send_part(FileUpload& u, PartState& part, HttpClient& http, bool unsure) {
    Pending pending;
    std::uint64_t covered = part.offset;  // the part's bytes before this were read or skipped
    // unsure: after a failure, or at a resume: ask the gateway where the part stands
    std::uint64_t refusals = 0;
    std::uint64_t counted = part.offset;  // bytes of this part already in counters.done
    while (!u.failed) {
        with_retries(u.server, "uploading " + u.state.name, [&] {
            if (unsure) {
                const std::uint64_t hint = part.offset;
                if (!learn_offset(u, part, http)) {
                    core::log_warn("stage", u.state.name + ": upload " + part.url + " is gone on the gateway; starting that part again");
                    create_part(u, part, http);
                }
                if (pending.block) covered = std::max(covered, pending.at + pending.block->size());
                if (part.offset > covered) u.reader->skip(part.first + covered, part.first + part.offset);  // sent by someone else
                covered = std::max(covered, part.offset);
                core::log_debug("stage", u.state.name + ": part at " + std::to_string(part.first) + " resumes at offset " +
                                             std::to_string(part.offset) + " (state file said " + std::to_string(hint) + ")");
                unsure = false;
            }
            if (part.offset >= part.length) return;
            unsure = true;
            const auto next = patch_once(u, part, http, pending);
            unsure = false;
            if (!next) {
                ++u.counters.checksum_resends;
                if (++refusals > static_cast<std::uint64_t>(u.server.retries))
                    throw_io_error(u.state.name + ": the gateway refused the checksum of the bytes at " +
                                   std::to_string(part.first + part.offset) + " " + std::to_string(refusals) + " times");
                core::log_warn("stage", u.state.name + ": checksum refused (460) at offset " + std::to_string(part.offset) + "; sending again");
                return;
            }
            part.offset = *next;
            covered = std::max(covered, pending.at + pending.block->size());
            if (part.offset >= pending.at + pending.block->size()) pending.block.reset();
            core::log_debug("stage", u.state.name + ": " + part.url + " acknowledged offset " + std::to_string(part.offset));
        });
        if (part.offset > counted) u.counters.done += part.offset - counted;
        counted = std::max(counted, part.offset);
        if (part.offset >= part.length) break;
    }
}

// One thread's share: parts taken in turn from `next` until none is left or another thread failed.
void part_worker(FileUpload& u, std::atomic<std::size_t>& next) {
    HttpClient http(u.server, u.limiter);
    for (std::size_t i = next++; i < u.state.parts.size() && !u.failed; i = next++) {
        PartState& part = u.state.parts[i];
        if (part.url.empty()) {
            create_part(u, part, http);
        } else if (!u.created[i]) {  // from the state file: ask the gateway where it stands
            with_retries(u.server, "resuming " + u.state.name, [&] {
                if (!learn_offset(u, part, http)) create_part(u, part, http);
            });
            u.reader->skip(part.first, part.first + part.offset);  // the gateway holds these: only hashed
            u.counters.resumed += part.offset;
            u.counters.done += part.offset;
        }
        send_part(u, part, http, false);
    }
}

void run_workers(FileUpload& u, int parallel) {
    std::atomic<std::size_t> next{0};
    const auto threads = static_cast<std::size_t>(std::max(1, parallel));
    std::vector<std::future<void>> workers;
    for (std::size_t t = 0; t < std::min(threads, u.state.parts.size()); ++t)
        workers.push_back(std::async(std::launch::async, [&u, &next] {
            try {
                part_worker(u, next);
            } catch (...) {
                u.failed = true;
                u.reader->cancel();  // threads waiting to read give up
                throw;
            }
        }));
    std::exception_ptr first;
    for (auto& w : workers) {
        try {
            w.get();
        } catch (...) {
            if (!first) first = std::current_exception();
        }
    }
    if (first) std::rethrow_exception(first);
}

std::string part_urls(const FileUpload& u) {
    std::string urls;
    // As the gateway named them (Location): behind a proxy with a path prefix, that prefix is not the gateway's.
    for (const PartState& p : u.state.parts) urls += (urls.empty() ? "" : " ") + p.url;
    return urls;
}

// tus concatenation-unfinished: the parts are created, then the final upload naming them, before
// any byte is sent; the gateway then writes each part straight into the dataset's file and joins
// it (one SHA-256 pass, no copy) when the last part completes. A gateway without it answers 400,
// and the parts are joined once sent (join below).
void make_final_first(FileUpload& u, HttpClient& http) {
    for (PartState& part : u.state.parts) create_part(u, part, http);
    const Headers h = tus_headers({{"Upload-Concat", "final;" + part_urls(u)}, {"Upload-Metadata", metadata(u.state.name)}});
    const Response r = http.request("POST", "/api/v1/uploads", h);
    if (r.status != 201 || r.header("location").empty()) {
        core::log_debug("stage", u.state.name + ": no final upload before the parts (" + std::to_string(r.status) + "); joining at the end");
        return;
    }
    {
        std::lock_guard lock(u.mutex);
        u.state.final_url = r.header("location");
    }
    u.save();
}

// The dataset of a final upload made first: the gateway joined it when the last part completed
// (a HEAD joins it if that did not happen); the answer names the dataset.
std::string final_dataset(FileUpload& u, HttpClient& http) {
    http.set_timeout(std::max(u.server.timeout_seconds, static_cast<double>(u.state.size >> 20) / 20.0));
    std::string id;
    with_retries(u.server, "finishing " + u.state.name, [&] {
        const Response r = http.request("HEAD", u.state.final_url, tus_headers());
        if (r.status == 409) throw TransientError("409 " + r.error_text());  // the join is still running
        expect_status(r, {200}, "HEAD " + u.state.final_url);
        id = r.header("plateau-dataset");
    });
    if (id.empty()) throw_io_error(u.state.name + ": final upload " + u.state.final_url + " is not joined although its parts are sent");
    return id;
}

// After a join whose answer was lost (a timeout, a cut connection), the gateway may have made the
// dataset and consumed the parts: the newest dataset of this name and size, if the parts are gone.
std::string joined_meanwhile(FileUpload& u, HttpClient& http) {
    const Response head = http.request("HEAD", u.state.parts.front().url, tus_headers());
    if (head.status == 200) return {};  // the parts are still there: the join did not happen
    const Response r = http.request("GET", "/api/v1/datasets", {});
    expect_status(r, {200}, "listing datasets");
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    std::string id, newest;
    for (const auto& d : j.is_object() ? j.value("datasets", nlohmann::json::array()) : nlohmann::json::array())
        if (d.value("name", "") == u.state.name && d.value("size", std::uint64_t{0}) == u.state.size &&
            d.value("created", "") >= newest) {
            newest = d.value("created", "");
            id = d.value("id", "");
        }
    return id;
}

// The final upload joining the parts in order; returns the dataset id. The gateway answers once
// the parts are joined and hashed, so the request may wait (at least 20 MiB/s is allowed for).
std::string join(FileUpload& u, HttpClient& http) {
    const Headers h = tus_headers({{"Upload-Concat", "final;" + part_urls(u)}, {"Upload-Metadata", metadata(u.state.name)}});
    http.set_timeout(std::max(u.server.timeout_seconds, static_cast<double>(u.state.size >> 20) / 20.0));
    Response r;
    std::string id;
    bool again = false;
    with_retries(u.server, "joining the parts of " + u.state.name, [&] {
        if (std::exchange(again, true) && !(id = joined_meanwhile(u, http)).empty()) return;
        r = http.request("POST", "/api/v1/uploads", h);
        // Again after a lost answer: the first join may still hold the parts (409) or have used them (400).
        if (again && (r.status == 400 || r.status == 409)) throw TransientError(std::to_string(r.status) + " " + r.error_text());
        expect_status(r, {201}, "joining the parts of " + u.state.name);
        id = r.header("plateau-dataset");
    });
    if (id.empty()) throw_io_error("joining the parts of " + u.state.name + ": the answer names no dataset");
    return id;
}

std::uint64_t aligned(std::uint64_t bytes) { return (bytes + k_align - 1) / k_align * k_align; }

// size / parallel, but no more than a request (or the fewest whole requests that keep the parts
// at k_max_parts): parts in flight side by side then lie close together in the file, so the whole
// file's SHA-256 (sequential) can follow them from the blocks they read, without a second read and
// within a small window (read_window). --parallel 1 keeps a single upload.
std::uint64_t default_part_size(std::uint64_t size, const UploadOptions& options) {
    const auto parallel = static_cast<std::uint64_t>(options.parallel);
    const std::uint64_t even = aligned((size + parallel - 1) / parallel), request = options.request_size;
    if (parallel == 1) return even;
    const std::uint64_t requests = std::max<std::uint64_t>(1, (size + k_max_parts * request - 1) / (k_max_parts * request));
    return std::min(even, aligned(requests * request));
}

// The bytes ahead of the hashed prefix that the parts in flight may hold: (streams - 1) parts
// between the lowest and the highest, one part of skew, two requests; 0 (the hash reads the file
// a second time, as nothing is kept) when that is over k_max_window.
std::uint64_t read_window(const UploadState& s, const UploadOptions& options) {
    const std::uint64_t streams = std::min<std::uint64_t>(static_cast<std::uint64_t>(options.parallel), s.parts.size());
    const std::uint64_t spread = streams > 1 ? streams * s.part_size : 0;
    const std::uint64_t window = spread + 2 * options.request_size;
    return window > k_max_window ? 0 : window;
}

UploadState plan(const UploadOptions& options, const std::string& server, const InputFile& input, const struct stat& st) {
    UploadState s;
    s.server = server;
    s.path = input.path;
    s.name = input.name;
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    const std::uint64_t part = options.part_size ? options.part_size : default_part_size(s.size, options);
    s.part_size = std::max(part, k_align);
    s.concatenated = s.size > s.part_size;
    if (!s.concatenated) {
        s.parts.push_back({0, s.size, "", 0});
        return s;
    }
    for (std::uint64_t first = 0; first < s.size; first += s.part_size)
        s.parts.push_back({first, std::min(s.part_size, s.size - first), "", 0});
    return s;
}

nlohmann::json dataset_record(const ServerOptions& server, RateLimiter& limiter, const std::string& id) {
    HttpClient http(server, limiter);
    Response r;
    with_retries(server, "reading dataset " + id, [&] {
        r = http.request("GET", "/api/v1/datasets/" + id, {});
        expect_status(r, {200}, "reading dataset " + id);
    });
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("sha256")) throw_io_error("reading dataset " + id + ": not a dataset record");
    return j;
}

}  // namespace

UploadedDataset upload_file(const ServerOptions& server, const UploadOptions& options, RateLimiter& limiter,
                            const InputFile& input, const std::string& state_folder, UploadCounters& counters) {
    core::UniqueFd fd(::open(input.path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0) throw_io_error(input.path + ": cannot open: " + std::strerror(errno));
    FileUpload u(server, options, limiter, counters);
    u.state_path = state_file(state_folder, server.url, std::filesystem::absolute(input.path).string());
    const UploadState fresh = plan(options, server.url, input, st);
    const auto saved = load_state(u.state_path);
    const bool same = saved && saved->size == fresh.size && saved->mtime_ns == fresh.mtime_ns && saved->name == fresh.name &&
                      saved->part_size == fresh.part_size && saved->concatenated == fresh.concatenated;
    u.state = same ? *saved : fresh;
    if (saved && !same) core::log_warn("stage", input.path + ": changed since the interrupted upload (or other part sizes); starting afresh");
    if (same) core::log_info("stage", input.path + ": resuming an interrupted upload");
    // The local SHA-256 follows the blocks the parts send (each byte read once, hashed for its
    // request and for the whole file); bytes the gateway already held are read for the hash only.
    FileReader reader(fd.get(), input.path, u.state.size, read_window(u.state, options));
    u.reader = &reader;
    u.created.assign(u.state.parts.size(), 0);
    if (u.state.dataset.empty()) {
        HttpClient http(server, limiter);
        if (u.state.concatenated && u.state.final_url.empty() && u.state.parts.front().url.empty()) make_final_first(u, http);
        run_workers(u, options.parallel);
        if (!u.state.concatenated) u.state.dataset = u.dataset;
        else u.state.dataset = u.state.final_url.empty() ? join(u, http) : final_dataset(u, http);
        if (u.state.dataset.empty()) throw_io_error(input.path + ": the gateway named no dataset for the finished upload");
        u.save();
    } else {
        reader.skip(0, u.state.size);
        counters.done += u.state.size;
    }
    const nlohmann::json record = dataset_record(server, limiter, u.state.dataset);
    const std::string local = reader.digest();
    if (reader.reread_bytes() > 0)
        core::log_debug("stage", input.path + ": " + std::to_string(reader.reread_bytes()) + " bytes read a second time");
    if (record.value("sha256", "") != local || record.value("size", std::uint64_t{0}) != u.state.size)
        throw_io_error(input.path + ": dataset " + u.state.dataset + " has sha256 " + record.value("sha256", "?") +
                       " but the local file has " + local);
    remove_state(u.state_path);
    return {u.state.dataset, u.state.name, local, u.state.size, 0, 0};
}

Headers tus_headers(Headers extra) {
    extra.emplace_back("Tus-Resumable", "1.0.0");
    return extra;
}

}  // namespace plateau::stage
